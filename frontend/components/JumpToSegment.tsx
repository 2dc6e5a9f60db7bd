'use client';

import { CornerDownRightIcon } from 'lucide-react';
import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';

type JumpToSegmentProps = {
  /** Segments in the story; valid numbers are 1…count. */
  count: number;
  /** Called with a 1-based segment number. */
  onJump: (position: number) => void;
};

/** "Go to segment N": in a 500-segment story, scrolling to segment 300 should not take a minute. */
export function JumpToSegment({ count, onJump }: JumpToSegmentProps) {
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const ids = { input: useId(), problem: useId() };

  function jump() {
    const position = Number(value);
    if (value.trim() === '' || !Number.isInteger(position) || position < 1 || position > count) {
      setProblem(`Enter a segment number from 1 to ${count}.`);
      return;
    }
    setProblem(null);
    onJump(position);
  }

  return (
    <form
      role="search"
      aria-label="Go to segment"
      className="flex flex-wrap items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        jump();
      }}
    >
      <label htmlFor={ids.input} className="text-sm text-zinc-600">
        Go to segment
      </label>
      <Input
        id={ids.input}
        type="number"
        inputMode="numeric"
        min={1}
        max={count}
        step={1}
        value={value}
        placeholder={`1–${count}`}
        aria-invalid={problem !== null}
        aria-describedby={problem !== null ? ids.problem : undefined}
        className="h-8 w-24"
        onChange={(e) => {
          setValue(e.target.value);
          setProblem(null);
        }}
      />
      <Button type="submit" size="sm" variant="outline">
        <CornerDownRightIcon />
        Go
      </Button>
      {problem !== null && (
        <p id={ids.problem} role="alert" className="basis-full text-xs text-red-600">
          {problem}
        </p>
      )}
    </form>
  );
}
