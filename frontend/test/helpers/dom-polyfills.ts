/**
 * jsdom lacks the layout APIs that Radix's popper-based primitives (DropdownMenu)
 * call when they open. Import this file in tests that open those primitives.
 */
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}

if (typeof globalThis.ResizeObserver === 'undefined') {
  globalThis.ResizeObserver = ResizeObserverStub;
}

// Radix menus call these on pointer interaction; jsdom's Element has none of them.
const proto = Element.prototype as Element & {
  hasPointerCapture?: (id: number) => boolean;
  releasePointerCapture?: (id: number) => void;
};
proto.hasPointerCapture ??= () => false;
proto.releasePointerCapture ??= () => {};
Element.prototype.scrollIntoView ??= () => {};
