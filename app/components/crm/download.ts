import { apiResponse, type ApiPath } from '../api/api-client';

/** Fetches an API answer (CSV, JSON) with the session and saves it as a file. */
export async function downloadFromApi(path: ApiPath, fileName: string): Promise<boolean> {
  const answered = await apiResponse(path);
  if (!answered.ok) return false;
  const url = URL.createObjectURL(await answered.response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(url);
  return true;
}
