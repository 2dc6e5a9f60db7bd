import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { focusFromClick, SegmentMotion } from '@/components/SegmentMotion';
import { installFakeApi, type FakeApi } from '@/test/helpers/fake-api';
import { makeSegment } from '@/test/helpers/fixtures';

vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn() } }));

const URL = '/segments/seg-1/';
let api: FakeApi;
beforeEach(() => {
  api = installFakeApi();
});
afterEach(() => api.restore());

describe('SegmentMotion', () => {
  it('offers the seven presets and still, and saves the choice', async () => {
    const onChange = vi.fn();
    const still = makeSegment({ motion: 'still' });
    api.on('PATCH', URL, { status: 200, data: still });
    render(<SegmentMotion segment={makeSegment()} imageUrl={null} onChange={onChange} />);
    const picker = screen.getByLabelText('Motion');
    expect(picker.querySelectorAll('option')).toHaveLength(8);
    await userEvent.selectOptions(picker, 'still');
    await waitFor(() => expect(onChange).toHaveBeenCalledWith(still));
    expect(api.callsTo('PATCH', URL)[0]?.body).toEqual({ motion: 'still' });
  });

  it('sets the focus point where the image is clicked and can clear it', async () => {
    const onChange = vi.fn();
    api.on('PATCH', URL, { status: 200, data: makeSegment({ focus: { x: 0.25, y: 0.75 } }) });
    const { rerender } = render(<SegmentMotion segment={makeSegment()} imageUrl="/media/a.png" onChange={onChange} />);
    const image = screen.getByRole('button', { name: /focus point/ });
    image.getBoundingClientRect = () => ({ left: 100, top: 50, width: 80, height: 40 }) as DOMRect;
    fireEvent.click(image, { clientX: 120, clientY: 80 });
    await waitFor(() => expect(api.callsTo('PATCH', URL)[0]?.body).toEqual({ focus: { x: 0.25, y: 0.75 } }));

    rerender(<SegmentMotion segment={makeSegment({ focus: { x: 0.25, y: 0.75 } })} imageUrl="/media/a.png" onChange={onChange} />);
    expect(screen.getByTestId('focus-marker')).toHaveStyle({ left: '25%', top: '75%' });
    await userEvent.click(screen.getByRole('button', { name: 'Clear focus' }));
    await waitFor(() => expect(api.callsTo('PATCH', URL)[1]?.body).toEqual({ focus: null }));
  });

  it('is read-only on a locked segment', () => {
    render(<SegmentMotion segment={makeSegment({ is_locked: true })} imageUrl="/media/a.png" onChange={vi.fn()} />);
    expect(screen.getByLabelText('Motion')).toBeDisabled();
    expect(screen.getByRole('button', { name: /focus point/ })).toBeDisabled();
  });
});

describe('focusFromClick', () => {
  it('maps a click to 0–1 of the image, clamped and rounded', () => {
    const rect = { left: 10, top: 20, width: 200, height: 100 };
    expect(focusFromClick(rect, 60, 95)).toEqual({ x: 0.25, y: 0.75 });
    expect(focusFromClick(rect, 0, 500)).toEqual({ x: 0, y: 1 });
  });
});
