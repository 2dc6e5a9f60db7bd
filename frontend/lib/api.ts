import axios, { AxiosError, type AxiosInstance } from 'axios';
import { reportRequestOutcome } from './connection';
import { DEFAULT_THUMBNAIL_WIDTH } from '@storyflow/contract/limits';
import type {
  ApiErrorBody,
  CancelRenderResponse,
  CaptionFont,
  CreateProjectRequest,
  CreateSegmentRequest,
  ErrorCode,
  FieldErrors,
  GenerateAllAudioRequest,
  GenerateAllAudioResponse,
  GenerateAudioResponse,
  GlobalSettings,
  SystemInfo,
  ImportProjectRequest,
  ImportSegmentsRequest,
  Paginated,
  Project,
  ProjectDetail,
  ProjectListItem,
  RemoveAudioResponse,
  RemoveImageResponse,
  RenderRequest,
  RenderStatusResponse,
  RenderTriggerResponse,
  ReorderSegmentsResponse,
  Segment,
  TaskStatusResponse,
  UpdateProjectRequest,
  UpdateSegmentRequest,
  UpdateSettingsRequest,
  UploadImageResponse,
  UploadMusicResponse,
  Voice,
  PreviewTriggerResponse,
} from '@storyflow/contract';

export type RequestOptions = { signal?: AbortSignal };

/**
 * The only error components see. `error` is the server's human message (SPEC §2);
 * `details` is the server's `details` (or the field map for field validation);
 * `fieldErrors` is set when the body was `{"<field>": ["message", ...]}`; `code` is the
 * server's stable error code (null when no API body arrived).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly error: string;
  readonly code: ErrorCode | null;
  readonly details: unknown;
  readonly fieldErrors: FieldErrors | null;
  /** The request was cancelled through its AbortSignal; callers usually ignore it. */
  readonly aborted: boolean;

  constructor(init: {
    status: number;
    error: string;
    code?: ErrorCode | null;
    details?: unknown;
    fieldErrors?: FieldErrors | null;
    aborted?: boolean;
  }) {
    super(init.error);
    this.name = 'ApiError';
    this.status = init.status;
    this.error = init.error;
    this.code = init.code ?? null;
    this.details = init.details ?? null;
    this.fieldErrors = init.fieldErrors ?? null;
    this.aborted = init.aborted ?? false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asFieldErrors(body: Record<string, unknown>): FieldErrors | null {
  const entries = Object.entries(body);
  if (entries.length === 0) return null;
  const result: FieldErrors = {};
  for (const [field, messages] of entries) {
    if (field === 'code') continue; // the body's error code, not a field
    if (Array.isArray(messages) && messages.every((m) => typeof m === 'string')) {
      result[field] = messages;
    } else if (typeof messages === 'string') {
      result[field] = [messages];
    } else {
      return null;
    }
  }
  return result;
}

const SERVER_UNREACHABLE = 'Cannot reach the StoryFlow server. Check that it is running.';
const API_UNREACHABLE = 'The StoryFlow API server is not reachable. Check that StoryFlow is running (npm start).';

const STATUS_FALLBACK: Record<number, string> = {
  400: 'The request was not valid',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'The request conflicts with the current state',
  413: 'The request is too large',
  500: 'The server ran into a problem',
  503: 'The service is unavailable',
};

/** Maps anything thrown by Axios onto ApiError (the single place that does so). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (axios.isCancel(err)) return new ApiError({ status: 0, error: 'Request cancelled', aborted: true });
  if (err instanceof AxiosError) {
    if (err.code === 'ERR_CANCELED') return new ApiError({ status: 0, error: 'Request cancelled', aborted: true });
    const response = err.response;
    if (!response) {
      return new ApiError({
        status: 0,
        error: SERVER_UNREACHABLE,
        details: err.message,
      });
    }
    const status = response.status;
    const body: unknown = response.data;
    if (isRecord(body)) {
      if (typeof body.error === 'string' && body.error.trim() !== '') {
        const { error, code, details, ...rest } = body as ApiErrorBody;
        return new ApiError({
          status,
          error,
          code,
          details: details ?? (Object.keys(rest).length > 0 ? rest : null),
        });
      }
      const fieldErrors = asFieldErrors(body);
      if (fieldErrors) {
        const first = Object.entries(fieldErrors).find(([, msgs]) => msgs.length > 0);
        const error = first ? `${humanizeField(first[0])}: ${first[1][0]}` : STATUS_FALLBACK[400]!;
        return new ApiError({ status, error, code: 'validation_failed', details: fieldErrors, fieldErrors });
      }
    }
    // The API answers every error in JSON; a 5xx without it came from the web server's
    // proxy, which is what a stopped or crashed API server looks like from the browser.
    if (status >= 500) {
      return new ApiError({ status, error: API_UNREACHABLE, details: null });
    }
    if (typeof body === 'string' && body.trim() !== '' && body.length < 300 && !body.trimStart().startsWith('<')) {
      return new ApiError({ status, error: body.trim() });
    }
    return new ApiError({ status, error: STATUS_FALLBACK[status] ?? `Request failed (${status})` });
  }
  const message = err instanceof Error ? err.message : 'Something went wrong';
  return new ApiError({ status: 0, error: message });
}

/** `default_voice_id` → `Default voice id`. */
export function humanizeField(field: string): string {
  const words = field.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const http: AxiosInstance = axios.create({
  baseURL: '/api',
  headers: { Accept: 'application/json' },
});

// Every answer (or its absence) tells the connection state whether the server is there.
http.interceptors.response.use(
  (response) => {
    reportRequestOutcome(null);
    return response;
  },
  (error: unknown) => {
    const apiError = toApiError(error);
    reportRequestOutcome(apiError);
    return Promise.reject(apiError);
  },
);

const seg = (value: string) => encodeURIComponent(value);

// ---------------------------------------------------------------------------
// Projects (SPEC §2.1, §2.2)

export async function listProjects(params: { page?: number } = {}, opts: RequestOptions = {}): Promise<Paginated<ProjectListItem>> {
  const res = await http.get<Paginated<ProjectListItem>>('/projects/', { params, signal: opts.signal });
  return res.data;
}

/** Every page of the project list (the API pages by 50; the dashboard shows them all). */
export async function listAllProjects(opts: RequestOptions = {}): Promise<ProjectListItem[]> {
  const all: ProjectListItem[] = [];
  for (let page = 1; page < 1000; page += 1) {
    const data = await listProjects({ page }, opts);
    all.push(...data.results);
    if (!data.next) break;
  }
  return all;
}

export async function createProject(body: CreateProjectRequest, opts: RequestOptions = {}): Promise<Project> {
  const res = await http.post<Project>('/projects/', body, { signal: opts.signal });
  return res.data;
}

export async function getProject(id: string, opts: RequestOptions = {}): Promise<ProjectDetail> {
  const res = await http.get<ProjectDetail>(`/projects/${seg(id)}/`, { signal: opts.signal });
  return res.data;
}

/** A copy titled "<title> (copy)" with its own files and no video (SPEC §7.8). */
export async function duplicateProject(id: string, opts: RequestOptions = {}): Promise<ProjectListItem> {
  const res = await http.post<ProjectListItem>(`/projects/${seg(id)}/duplicate/`, {}, { signal: opts.signal });
  return res.data;
}

export async function deleteProject(id: string, opts: RequestOptions = {}): Promise<void> {
  await http.delete(`/projects/${seg(id)}/`, { signal: opts.signal });
}

export async function importProject(body: ImportProjectRequest, opts: RequestOptions = {}): Promise<ProjectDetail> {
  const res = await http.post<ProjectDetail>('/projects/import/', body, { signal: opts.signal });
  return res.data;
}

/** Appends parsed segments; resolves to the project's whole segment list. */
export async function importSegments(
  projectId: string,
  body: ImportSegmentsRequest,
  opts: RequestOptions = {},
): Promise<Segment[]> {
  const res = await http.post<Segment[]>(`/projects/${seg(projectId)}/import-segments/`, body, { signal: opts.signal });
  return res.data;
}

// ---------------------------------------------------------------------------
// Segments (SPEC §2.3)

export async function createSegment(body: CreateSegmentRequest, opts: RequestOptions = {}): Promise<Segment> {
  const res = await http.post<Segment>('/segments/', body, { signal: opts.signal });
  return res.data;
}

export async function getSegment(id: string, opts: RequestOptions = {}): Promise<Segment> {
  const res = await http.get<Segment>(`/segments/${seg(id)}/`, { signal: opts.signal });
  return res.data;
}

export async function updateSegment(id: string, body: UpdateSegmentRequest, opts: RequestOptions = {}): Promise<Segment> {
  const res = await http.patch<Segment>(`/segments/${seg(id)}/`, body, { signal: opts.signal });
  return res.data;
}

/**
 * The same PATCH as `updateSegment`, sent with `fetch(..., {keepalive: true})` so the
 * browser delivers it even while the page is being hidden or unloaded (Axios's XHR would
 * be cancelled). Resolves with the saved segment; failures throw ApiError like the rest.
 */
export async function updateSegmentKeepalive(id: string, body: UpdateSegmentRequest): Promise<Segment> {
  let res: Response;
  try {
    res = await fetch(`/api/segments/${seg(id)}/`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      keepalive: true,
    });
  } catch (err) {
    throw new ApiError({ status: 0, error: SERVER_UNREACHABLE, details: err instanceof Error ? err.message : null });
  }
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const message = isRecord(data) && typeof data.error === 'string' ? data.error : (STATUS_FALLBACK[res.status] ?? `HTTP ${res.status}`);
    throw new ApiError({ status: res.status, error: message });
  }
  return data as Segment;
}

export async function deleteSegment(id: string, opts: RequestOptions = {}): Promise<void> {
  await http.delete(`/segments/${seg(id)}/`, { signal: opts.signal });
}

/** Undo of deleteSegment within the undo window: the segment back at its place, with its image and audio. */
export async function restoreSegment(id: string, opts: RequestOptions = {}): Promise<Segment> {
  const res = await http.post<Segment>(`/segments/${seg(id)}/restore/`, {}, { signal: opts.signal });
  return res.data;
}

/** Undo of removeSegmentImage within the undo window. */
export async function restoreSegmentImage(id: string, opts: RequestOptions = {}): Promise<Segment> {
  const res = await http.post<Segment>(`/segments/${seg(id)}/restore-image/`, {}, { signal: opts.signal });
  return res.data;
}

export async function reorderSegments(
  projectId: string,
  segmentOrder: string[],
  opts: RequestOptions = {},
): Promise<ReorderSegmentsResponse> {
  const res = await http.post<ReorderSegmentsResponse>(
    '/segments/reorder/',
    { project_id: projectId, segment_order: segmentOrder },
    { signal: opts.signal },
  );
  return res.data;
}

type UploadOptions = RequestOptions & { onUploadProgress?: (fraction: number) => void };

/** POSTs one file as multipart `field`, reporting the fraction sent. */
async function postFile<T>(url: string, field: string, file: File | Blob, opts: UploadOptions): Promise<T> {
  const form = new FormData();
  form.append(field, file);
  const { onUploadProgress } = opts;
  const res = await http.post<T>(url, form, {
    signal: opts.signal,
    onUploadProgress: onUploadProgress
      ? (e) => {
          if (e.total) onUploadProgress(e.loaded / e.total);
        }
      : undefined,
  });
  return res.data;
}

/**
 * The card picture of a segment (SPEC §7.8): a small WebP the server makes from the image
 * and flattens like the render does. `version` names the image, so a replaced one is a new URL.
 */
export function segmentThumbnailUrl(id: string, version: string, width: number = DEFAULT_THUMBNAIL_WIDTH): string {
  return `/api/segments/${seg(id)}/thumbnail.webp?w=${width}&v=${encodeURIComponent(version)}`;
}

export async function uploadSegmentImage(id: string, file: File | Blob, opts: UploadOptions = {}): Promise<UploadImageResponse> {
  return postFile<UploadImageResponse>(`/segments/${seg(id)}/upload-image/`, 'image', file, opts);
}

export async function updateProject(id: string, body: UpdateProjectRequest, opts: RequestOptions = {}): Promise<Project> {
  const res = await http.patch<Project>(`/projects/${seg(id)}/`, body, { signal: opts.signal });
  return res.data;
}

export async function uploadProjectMusic(id: string, file: File | Blob, opts: UploadOptions = {}): Promise<UploadMusicResponse> {
  return postFile<UploadMusicResponse>(`/projects/${seg(id)}/music/`, 'music', file, opts);
}

export async function removeProjectMusic(id: string, opts: RequestOptions = {}): Promise<void> {
  await http.delete(`/projects/${seg(id)}/music/`, { signal: opts.signal });
}

export async function removeSegmentImage(id: string, opts: RequestOptions = {}): Promise<RemoveImageResponse> {
  const res = await http.delete<RemoveImageResponse>(`/segments/${seg(id)}/remove-image/`, { signal: opts.signal });
  return res.data;
}

export async function removeSegmentAudio(id: string, opts: RequestOptions = {}): Promise<RemoveAudioResponse> {
  const res = await http.delete<RemoveAudioResponse>(`/segments/${seg(id)}/remove-audio/`, { signal: opts.signal });
  return res.data;
}

// ---------------------------------------------------------------------------
// Caption fonts (SPEC §7.3)

export async function listFonts(opts: RequestOptions = {}): Promise<CaptionFont[]> {
  const res = await http.get<CaptionFont[]>('/fonts/', { signal: opts.signal });
  return res.data;
}

/** A .ttf/.otf as multipart `font`; a file that is not a font is a 400 and nothing is stored. */
export async function uploadFont(file: File | Blob, opts: UploadOptions = {}): Promise<CaptionFont> {
  return postFile<CaptionFont>('/fonts/', 'font', file, opts);
}

/**
 * Where the browser loads a segment's still: its Ken Burns frame at `seconds` with its
 * caption, drawn by the video renderer. `version` only busts the browser cache when the
 * picture's inputs change (the server ignores it).
 */
export function segmentPreviewUrl(segmentId: string, seconds: number, version: string): string {
  return `/api${segmentPreviewPath(segmentId, seconds, version)}`;
}

function segmentPreviewPath(segmentId: string, seconds: number, version: string): string {
  const query = new URLSearchParams({ t: seconds.toFixed(2), v: version });
  return `/segments/${seg(segmentId)}/preview.jpg?${query.toString()}`;
}

/**
 * Why a segment's still failed to load: an <img> cannot read the error body, so the same
 * URL is asked once more for the server's message (e.g. "the caption font has no glyphs
 * for …"). Null when it loads this time.
 */
export async function getSegmentPreviewError(
  segmentId: string,
  seconds: number,
  version: string,
  opts: RequestOptions = {},
): Promise<ApiError | null> {
  try {
    await http.get(segmentPreviewPath(segmentId, seconds, version), { signal: opts.signal });
    return null;
  } catch (err) {
    return toApiError(err);
  }
}

// ---------------------------------------------------------------------------
// Speech and tasks (SPEC §2.4, §2.5)

export async function generateSegmentAudio(id: string, opts: RequestOptions = {}): Promise<GenerateAudioResponse> {
  const res = await http.post<GenerateAudioResponse>(`/segments/${seg(id)}/generate-audio/`, {}, { signal: opts.signal });
  return res.data;
}

export async function generateAllAudio(
  projectId: string,
  body: GenerateAllAudioRequest = {},
  opts: RequestOptions = {},
): Promise<GenerateAllAudioResponse> {
  const res = await http.post<GenerateAllAudioResponse>(`/projects/${seg(projectId)}/generate-all-audio/`, body, {
    signal: opts.signal,
  });
  return res.data;
}

export async function getTaskStatus(taskId: string, opts: RequestOptions = {}): Promise<TaskStatusResponse> {
  const res = await http.get<TaskStatusResponse>(`/tasks/${seg(taskId)}/status/`, { signal: opts.signal });
  return res.data;
}

// ---------------------------------------------------------------------------
// Settings (SPEC §2.4)

export async function getSettings(opts: RequestOptions = {}): Promise<GlobalSettings> {
  const res = await http.get<GlobalSettings>('/settings/', { signal: opts.signal });
  return res.data;
}

export async function updateSettings(body: UpdateSettingsRequest, opts: RequestOptions = {}): Promise<GlobalSettings> {
  const res = await http.patch<GlobalSettings>('/settings/', body, { signal: opts.signal });
  return res.data;
}

export async function listVoices(opts: RequestOptions = {}): Promise<Voice[]> {
  const res = await http.get<Voice[]>('/settings/voices/', { signal: opts.signal });
  return res.data;
}

/** SPEC §7.7: the ffmpeg, ffprobe and espeak-ng in use. */
export async function getSystemInfo(opts: RequestOptions = {}): Promise<SystemInfo> {
  const res = await http.get<SystemInfo>('/system/', { signal: opts.signal });
  return res.data;
}

// ---------------------------------------------------------------------------
// Render (SPEC §2.6)

export async function renderProject(
  id: string,
  body: RenderRequest = {},
  opts: RequestOptions = {},
): Promise<RenderTriggerResponse> {
  const res = await http.post<RenderTriggerResponse>(`/projects/${seg(id)}/render/`, body, { signal: opts.signal });
  return res.data;
}

export async function getRenderStatus(id: string, opts: RequestOptions = {}): Promise<RenderStatusResponse> {
  const res = await http.get<RenderStatusResponse>(`/projects/${seg(id)}/status/`, { signal: opts.signal });
  return res.data;
}

/** A draft render into preview.mp4; poll the returned task (getTaskStatus), then read the project's preview_url. */
export async function startPreview(id: string, opts: RequestOptions = {}): Promise<PreviewTriggerResponse> {
  const res = await http.post<PreviewTriggerResponse>(`/projects/${seg(id)}/preview/`, {}, { signal: opts.signal });
  return res.data;
}

export async function cancelRender(id: string, opts: RequestOptions = {}): Promise<CancelRenderResponse> {
  const res = await http.post<CancelRenderResponse>(`/projects/${seg(id)}/cancel-render/`, {}, { signal: opts.signal });
  return res.data;
}
