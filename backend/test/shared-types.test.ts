import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type * as Front from '../../frontend/lib/types.js';
import type { ProjectDetailSchema, ProjectListItemSchema, ProjectSchema } from '../src/api/schemas/project.js';
import type {
  RenderProgressSchema,
  RenderStatusResponseSchema,
  RenderTriggerResponseSchema,
} from '../src/api/schemas/render.js';
import type { SegmentSchema } from '../src/api/schemas/segment.js';
import type { NaturalVoicesStatusSchema, SettingsSchema, VoiceSchema } from '../src/api/schemas/settings.js';
import type { GenerateAllAudioResponseSchema, GenerateAudioResponseSchema } from '../src/api/schemas/speech.js';
import type { TaskStatusResponseSchema } from '../src/api/schemas/task.js';

/**
 * The API's shapes are defined twice: zod schemas on the server (the source) and
 * frontend/lib/types.ts. These assertions are checked by the TypeScript compiler
 * (typecheck.test.ts runs it): whatever the server sends must fit the type the web app
 * reads, so a renamed or retyped field breaks `npm test`.
 */
type Sent<T extends z.ZodType> = z.output<T>;

describe('frontend/lib/types.ts matches the server schemas', () => {
  it('projects and segments', () => {
    expectTypeOf<Sent<typeof ProjectSchema>>().toExtend<Front.Project>();
    expectTypeOf<Sent<typeof ProjectListItemSchema>>().toExtend<Front.ProjectListItem>();
    expectTypeOf<Sent<typeof ProjectDetailSchema>>().toExtend<Front.ProjectDetail>();
    expectTypeOf<Sent<typeof SegmentSchema>>().toExtend<Front.Segment>();
    expectTypeOf<keyof Front.Segment>().toEqualTypeOf<keyof Sent<typeof SegmentSchema>>();
  });

  it('render', () => {
    expectTypeOf<Sent<typeof RenderTriggerResponseSchema>>().toEqualTypeOf<Front.RenderTriggerResponse>();
    expectTypeOf<Sent<typeof RenderProgressSchema>>().toExtend<Front.RenderProgress>();
    expectTypeOf<Sent<typeof RenderStatusResponseSchema>>().toExtend<Front.RenderStatusResponse>();
  });

  it('speech, tasks and settings', () => {
    expectTypeOf<Sent<typeof GenerateAudioResponseSchema>>().toExtend<Front.GenerateAudioResponse>();
    expectTypeOf<Sent<typeof GenerateAllAudioResponseSchema>>().toExtend<Front.GenerateAllAudioResponse>();
    expectTypeOf<Sent<typeof TaskStatusResponseSchema>>().toExtend<Front.TaskStatusResponse>();
    expectTypeOf<Sent<typeof SettingsSchema>>().toExtend<Front.GlobalSettings>();
    expectTypeOf<Sent<typeof VoiceSchema>>().toExtend<Front.Voice>();
    expectTypeOf<Sent<typeof NaturalVoicesStatusSchema>>().toEqualTypeOf<Front.NaturalVoicesStatus>();
  });
});
