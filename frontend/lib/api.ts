import { DEFAULT_THUMBNAIL_WIDTH } from '@storyflow/contract/limits';
import type {
  CancelRenderResponse,
  CaptionFont,
  CreateProjectRequest,
  CreateSegmentRequest,
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
import { projectPath, takeEarlyRead } from './early-read';
import { API_BASE, ApiError, headersOf, http, readAnswer, settle, toApiError, type RequestOptions } from './http';

export { ApiError, http, humanizeField, toApiError, type RequestOptions } from './http';

const seg = (value: string) => encodeURIComponent(value);

// ---------------------------------------------------------------------------
// Projects (SPEC §2.1, §2.2)

export async function listProjects(params: { page?: number } = {}, opts: RequestOptions = {}): Promise<Paginated<ProjectListItem>> {
  return http.get<Paginated<ProjectListItem>>('/projects/', { params, signal: opts.signal });
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
  return http.post<Project>('/projects/', body, { signal: opts.signal });
}

/** The project with its segments; the page's first read may already be on its way (lib/early-read.ts). */
export async function getProject(id: string, opts: RequestOptions = {}): Promise<ProjectDetail> {
  const early = takeEarlyRead(projectPath(id));
  if (early) return settle<ProjectDetail>(early, opts.signal);
  return http.get<ProjectDetail>(projectPath(id), { signal: opts.signal });
}

/** A copy titled "<title> (copy)" with its own files and no video (SPEC §7.8). */
export async function duplicateProject(id: string, opts: RequestOptions = {}): Promise<ProjectListItem> {
  return http.post<ProjectListItem>(`/projects/${seg(id)}/duplicate/`, {}, { signal: opts.signal });
}

export async function deleteProject(id: string, opts: RequestOptions = {}): Promise<void> {
  await http.delete(`/projects/${seg(id)}/`, { signal: opts.signal });
}

export async function importProject(body: ImportProjectRequest, opts: RequestOptions = {}): Promise<ProjectDetail> {
  return http.post<ProjectDetail>('/projects/import/', body, { signal: opts.signal });
}

/** Appends parsed segments; resolves to the project's whole segment list. */
export async function importSegments(
  projectId: string,
  body: ImportSegmentsRequest,
  opts: RequestOptions = {},
): Promise<Segment[]> {
  return http.post<Segment[]>(`/projects/${seg(projectId)}/import-segments/`, body, { signal: opts.signal });
}

// ---------------------------------------------------------------------------
// Segments (SPEC §2.3)

export async function createSegment(body: CreateSegmentRequest, opts: RequestOptions = {}): Promise<Segment> {
  return http.post<Segment>('/segments/', body, { signal: opts.signal });
}

export async function getSegment(id: string, opts: RequestOptions = {}): Promise<Segment> {
  return http.get<Segment>(`/segments/${seg(id)}/`, { signal: opts.signal });
}

export async function updateSegment(id: string, body: UpdateSegmentRequest, opts: RequestOptions = {}): Promise<Segment> {
  return http.patch<Segment>(`/segments/${seg(id)}/`, body, { signal: opts.signal });
}

/**
 * The same PATCH as `updateSegment`, sent with `fetch(..., {keepalive: true})` so the
 * browser delivers it even while the page is being hidden or unloaded (an ordinary
 * request would be cancelled). Resolves with the saved segment; failures throw ApiError like the rest.
 */
export async function updateSegmentKeepalive(id: string, body: UpdateSegmentRequest): Promise<Segment> {
  // Not through the transport: the point is the browser's own keepalive fetch.
  const json = JSON.stringify(body);
  const answer = fetch(`${API_BASE}/segments/${seg(id)}/`, { method: 'PATCH', headers: headersOf(json), body: json, keepalive: true }).then(
    readAnswer,
  );
  return settle<Segment>(answer);
}

export async function deleteSegment(id: string, opts: RequestOptions = {}): Promise<void> {
  await http.delete(`/segments/${seg(id)}/`, { signal: opts.signal });
}

/** Undo of deleteSegment within the undo window: the segment back at its place, with its image and audio. */
export async function restoreSegment(id: string, opts: RequestOptions = {}): Promise<Segment> {
  return http.post<Segment>(`/segments/${seg(id)}/restore/`, {}, { signal: opts.signal });
}

/** Undo of removeSegmentImage within the undo window. */
export async function restoreSegmentImage(id: string, opts: RequestOptions = {}): Promise<Segment> {
  return http.post<Segment>(`/segments/${seg(id)}/restore-image/`, {}, { signal: opts.signal });
}

export async function reorderSegments(
  projectId: string,
  segmentOrder: string[],
  opts: RequestOptions = {},
): Promise<ReorderSegmentsResponse> {
  return http.post<ReorderSegmentsResponse>(
    '/segments/reorder/',
    { project_id: projectId, segment_order: segmentOrder },
    { signal: opts.signal },
  );
}

type UploadOptions = RequestOptions & { onUploadProgress?: (fraction: number) => void };

/** POSTs one file as multipart `field`, reporting the fraction sent. */
function postFile<T>(url: string, field: string, file: File | Blob, opts: UploadOptions): Promise<T> {
  const form = new FormData();
  form.append(field, file);
  return http.post<T>(url, form, { signal: opts.signal, onUploadProgress: opts.onUploadProgress });
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
  return http.patch<Project>(`/projects/${seg(id)}/`, body, { signal: opts.signal });
}

export async function uploadProjectMusic(id: string, file: File | Blob, opts: UploadOptions = {}): Promise<UploadMusicResponse> {
  return postFile<UploadMusicResponse>(`/projects/${seg(id)}/music/`, 'music', file, opts);
}

export async function removeProjectMusic(id: string, opts: RequestOptions = {}): Promise<void> {
  await http.delete(`/projects/${seg(id)}/music/`, { signal: opts.signal });
}

export async function removeSegmentImage(id: string, opts: RequestOptions = {}): Promise<RemoveImageResponse> {
  return http.delete<RemoveImageResponse>(`/segments/${seg(id)}/remove-image/`, { signal: opts.signal });
}

export async function removeSegmentAudio(id: string, opts: RequestOptions = {}): Promise<RemoveAudioResponse> {
  return http.delete<RemoveAudioResponse>(`/segments/${seg(id)}/remove-audio/`, { signal: opts.signal });
}

// ---------------------------------------------------------------------------
// Caption fonts (SPEC §7.3)

export async function listFonts(opts: RequestOptions = {}): Promise<CaptionFont[]> {
  return http.get<CaptionFont[]>('/fonts/', { signal: opts.signal });
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
  return http.post<GenerateAudioResponse>(`/segments/${seg(id)}/generate-audio/`, {}, { signal: opts.signal });
}

export async function generateAllAudio(
  projectId: string,
  body: GenerateAllAudioRequest = {},
  opts: RequestOptions = {},
): Promise<GenerateAllAudioResponse> {
  return http.post<GenerateAllAudioResponse>(`/projects/${seg(projectId)}/generate-all-audio/`, body, {
    signal: opts.signal,
  });
}

export async function getTaskStatus(taskId: string, opts: RequestOptions = {}): Promise<TaskStatusResponse> {
  return http.get<TaskStatusResponse>(`/tasks/${seg(taskId)}/status/`, { signal: opts.signal });
}

// ---------------------------------------------------------------------------
// Settings (SPEC §2.4)

export async function getSettings(opts: RequestOptions = {}): Promise<GlobalSettings> {
  return http.get<GlobalSettings>('/settings/', { signal: opts.signal });
}

export async function updateSettings(body: UpdateSettingsRequest, opts: RequestOptions = {}): Promise<GlobalSettings> {
  return http.patch<GlobalSettings>('/settings/', body, { signal: opts.signal });
}

export async function listVoices(opts: RequestOptions = {}): Promise<Voice[]> {
  return http.get<Voice[]>('/settings/voices/', { signal: opts.signal });
}

/** SPEC §7.7: the ffmpeg, ffprobe and espeak-ng in use. */
export async function getSystemInfo(opts: RequestOptions = {}): Promise<SystemInfo> {
  return http.get<SystemInfo>('/system/', { signal: opts.signal });
}

// ---------------------------------------------------------------------------
// Render (SPEC §2.6)

export async function renderProject(
  id: string,
  body: RenderRequest = {},
  opts: RequestOptions = {},
): Promise<RenderTriggerResponse> {
  return http.post<RenderTriggerResponse>(`/projects/${seg(id)}/render/`, body, { signal: opts.signal });
}

export async function getRenderStatus(id: string, opts: RequestOptions = {}): Promise<RenderStatusResponse> {
  return http.get<RenderStatusResponse>(`/projects/${seg(id)}/status/`, { signal: opts.signal });
}

/** A draft render into preview.mp4; poll the returned task (getTaskStatus), then read the project's preview_url. */
export async function startPreview(id: string, opts: RequestOptions = {}): Promise<PreviewTriggerResponse> {
  return http.post<PreviewTriggerResponse>(`/projects/${seg(id)}/preview/`, {}, { signal: opts.signal });
}

export async function cancelRender(id: string, opts: RequestOptions = {}): Promise<CancelRenderResponse> {
  return http.post<CancelRenderResponse>(`/projects/${seg(id)}/cancel-render/`, {}, { signal: opts.signal });
}
