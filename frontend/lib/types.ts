/**
 * The API's JSON shapes (SPEC §2). One definition per shape; components import from here.
 */

// ---------------------------------------------------------------------------
// Projects and segments (SPEC §1, §2.1, §2.3)

export type ProjectStatus = 'DRAFT' | 'PROCESSING' | 'COMPLETED' | 'FAILED';

// Render settings (SPEC §7.1)
export type Aspect = '16:9' | '9:16' | '1:1' | '4:5';
export type Quality = 'draft' | 'standard' | 'high';
export type Transition = 'cut' | 'crossfade' | 'fade_black';
export type Motion =
  | 'center_center'
  | 'top_left_bottom_right'
  | 'bottom_right_top_left'
  | 'top_right_bottom_left'
  | 'bottom_left_top_right'
  | 'center_top_left'
  | 'center_bottom_right'
  | 'still';
export type FocusPoint = { x: number; y: number };


export type Project = {
  id: string;
  title: string;
  created_at: string;
  updated_at: string;
  status: ProjectStatus;
  resolution_width: number;
  resolution_height: number;
  framerate: number;
  output_path: string | null;
  render_error: string | null;
  aspect: Aspect;
  quality: Quality;
  transition: Transition;
  transition_seconds: number;
  segment_pause_seconds: number;
  /** Something the video is made from changed after the last render. */
  output_stale: boolean;
  /** The last draft preview, never replacing final.mp4. */
  preview_url: string | null;
  preview: RenderOutput | null;
  /** Present in list results (GET /api/projects/). */
  segment_count?: number;
};

export type Segment = {
  id: string;
  project: string;
  sequence_index: number;
  text_content: string;
  image_prompt: string;
  image_file: string | null;
  audio_file: string | null;
  audio_duration: number | null;
  is_locked: boolean;
  motion: Motion;
  focus: FocusPoint | null;
  /** The backend's schema also sends these (not in SPEC §1); used to cache-bust media URLs. */
  created_at?: string;
  updated_at?: string;
};

/** An entry of GET /api/projects/ (always carries `segment_count`). */
export type ProjectListItem = Project & { segment_count: number };

/** GET /api/projects/{id}/ — a project with all of its segments, ordered. */
export type ProjectDetail = Project & { segments: Segment[] };

export type Paginated<T> = {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
};

export type CreateProjectRequest = {
  title: string;
  resolution_width?: number;
  resolution_height?: number;
  framerate?: number;
};

export type CreateSegmentRequest = {
  project: string;
  text_content?: string;
  image_prompt?: string;
};

export type UpdateSegmentRequest = {
  text_content?: string;
  image_prompt?: string;
  is_locked?: boolean;
  motion?: Motion;
  focus?: FocusPoint | null;
};

/** PATCH /api/projects/{id}/ — rename and render settings. */
export type UpdateProjectRequest = {
  title?: string;
  aspect?: Aspect;
  resolution_width?: number;
  resolution_height?: number;
  framerate?: number;
  quality?: Quality;
  transition?: Transition;
  transition_seconds?: number;
  segment_pause_seconds?: number;
};

export type ReorderSegmentsRequest = {
  project_id: string;
  segment_order: string[];
};

export type ReorderSegmentsResponse = {
  message: string;
  segments: { id: string; sequence_index: number }[];
};

export type UploadImageResponse = { id: string; image_file: string; message: string };
export type RemoveImageResponse = { id: string; image_file: null; message: string };
export type RemoveAudioResponse = {
  id: string;
  audio_file: null;
  audio_duration: null;
  message: string;
};

// ---------------------------------------------------------------------------
// Import (SPEC §2.2)

export type ImportFormat = 'json' | 'text';

export type ImportSegmentInput = {
  text_content: string;
  image_prompt?: string;
};

export type ImportJsonRequest = {
  format: 'json';
  title: string;
  segments: ImportSegmentInput[];
};

export type ImportTextRequest = {
  format: 'text';
  title: string;
  raw_text: string;
};

export type ImportProjectRequest = ImportJsonRequest | ImportTextRequest;

/** POST /api/projects/{id}/import-segments/ — same body; `title` is ignored there. */
export type ImportSegmentsRequest =
  | { format: 'json'; title?: string; segments: ImportSegmentInput[] }
  | { format: 'text'; title?: string; raw_text: string };

// ---------------------------------------------------------------------------
// Speech and tasks (SPEC §2.4, §2.5)

export type GenerateAudioResponse = {
  task_id: string;
  segment_id: string;
  status: 'PENDING';
  message: string;
};

export type GenerateAllAudioRequest = {
  skip_locked?: boolean;
  force_regenerate?: boolean;
};

/** 202 carries `task_id`; 200 (nothing to do) has the same counts and no task. */
export type GenerateAllAudioResponse = {
  task_id?: string | null;
  project_id: string;
  status?: TaskStatus;
  total_segments: number;
  segments_to_process: number;
  skipped_locked: number;
  skipped_existing: number;
  skipped_empty: number;
  message: string;
};

export type TaskStatus = 'PENDING' | 'PROCESSING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';

export type TaskProgress = {
  current: number;
  total: number;
  percentage: number;
  [extra: string]: unknown;
};

export type TaskCompletedSegment = {
  segment_id: string;
  audio_url: string;
  duration: number;
};

export type TaskError = { segment_id?: string; error: string };

export type TaskStatusResponse = {
  task_id: string;
  status: TaskStatus;
  progress: TaskProgress;
  completed_segments: TaskCompletedSegment[];
  errors: TaskError[];
};

// ---------------------------------------------------------------------------
// Settings (SPEC §1 GlobalSettings, §2.4)

export type GlobalSettings = {
  default_voice_id: string;
  tts_speed: number;
  zoom_intensity: number;
  subtitle_font: string;
  subtitle_color: string;
};

export type UpdateSettingsRequest = Partial<GlobalSettings>;

export type Voice = {
  id: string;
  name: string;
  engine: string;
  language: string;
  gender?: string;
};

// ---------------------------------------------------------------------------
// Render (SPEC §2.6)

export type RenderProgress = {
  current_segment: number;
  total_segments: number;
  percentage: number;
  current_phase: string;
  frames_done?: number;
  frames_total?: number;
  fps?: number;
  /** null while the encoder has not produced enough frames to estimate. */
  eta_seconds?: number | null;
  /** Clips reused from the cache, of all clips in this render ("4 of 6 clips reused"). */
  clips_cached?: number;
  clips_total?: number;
};

/** POST /api/projects/{id}/preview/ — a draft render into preview.mp4 (a task to poll). */
export type PreviewTriggerResponse = { task_id: string; project_id: string; message: string };

export type RenderRequest = { force?: boolean };

export type RenderTriggerResponse = {
  task_id: string;
  project_id: string;
  status: 'PROCESSING';
  total_segments: number;
  message: string;
};

/** Facts about a finished video (final.mp4 or preview.mp4). */
export type RenderOutput = {
  duration_seconds: number;
  file_size_bytes: number;
  width: number;
  height: number;
  fps: number;
  rendered_at: string;
};

export type RenderStatusResponse = {
  project_id: string;
  status: ProjectStatus;
  progress: RenderProgress | null;
  output_url: string | null;
  error: string | null;
  output?: RenderOutput;
};

/** 400 body of POST /render/ when pre-render validation fails (SPEC §2.7). */
export type RenderValidationDetails = {
  missing_images: string[];
  missing_audio: string[];
  message: string;
};

export type CancelRenderResponse = { message?: string; project_id?: string; status?: ProjectStatus };

// ---------------------------------------------------------------------------
// Errors (SPEC §2)

/** `{error, details}` for whole-request failures. */
export type ApiErrorBody = {
  error: string;
  details?: unknown;
  [extra: string]: unknown;
};

/** `{"<field>": ["message", ...]}` for field validation. */
export type FieldErrors = Record<string, string[]>;
