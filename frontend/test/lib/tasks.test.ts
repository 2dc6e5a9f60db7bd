import { taskPollInterval, taskFailureReason } from '@/lib/tasks';
import type { TaskStatus, TaskStatusResponse } from '@storyflow/contract';

function task(status: TaskStatus, errors: TaskStatusResponse['errors'] = []): TaskStatusResponse {
  return { task_id: 't1', status, progress: { current: 0, total: 1, percentage: 0 }, completed_segments: [], errors };
}

describe('taskPollInterval (when polling stops)', () => {
  it.each(['PENDING', 'PROCESSING'] as const)('polls while %s', (status) => {
    expect(taskPollInterval({ status: 'success', data: task(status) }, 250)).toBe(250);
  });

  it.each(['COMPLETED', 'FAILED', 'CANCELLED'] as const)('stops at %s', (status) => {
    expect(taskPollInterval({ status: 'success', data: task(status) }, 250)).toBe(false);
  });

  it('stops after a failed read (e.g. 404 for an unknown task)', () => {
    expect(taskPollInterval({ status: 'error', data: task('PROCESSING') }, 250)).toBe(false);
    expect(taskPollInterval({ status: 'error', data: undefined }, 250)).toBe(false);
  });

  it('keeps asking until the first answer', () => {
    expect(taskPollInterval({ status: 'pending', data: undefined }, 250)).toBe(250);
  });
});

describe('taskFailureReason', () => {
  it("gives the server's first error, else a plain reason", () => {
    expect(taskFailureReason(task('FAILED', [{ error: ' ' }, { segment_id: 's1', error: 'espeak-ng crashed' }]))).toBe('espeak-ng crashed');
    expect(taskFailureReason(task('CANCELLED'))).toBe('The task was cancelled');
    expect(taskFailureReason(task('FAILED'))).toBe('Speech generation failed');
  });
});
