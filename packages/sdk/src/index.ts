import { AccountApi } from './account.ts';
import { AdminApi } from './admin.ts';
import { AuthApi } from './auth.ts';
import { AlbumsApi, MediaApi, TrashApi } from './gallery.ts';
import { HttpClient, type ClientOptions } from './http.ts';
import { SharesApi } from './shares.ts';
import { SimilarApi } from './similar.ts';

export { ApiError, isApiError } from './errors.ts';
export { HttpClient, type ClientOptions, type Query } from './http.ts';
export { AuthApi } from './auth.ts';
export { AccountApi } from './account.ts';
export { AdminApi } from './admin.ts';
export { SharesApi } from './shares.ts';
export { SimilarApi } from './similar.ts';
export { AlbumsApi, MediaApi, TrashApi } from './gallery.ts';
export { cancelDirectUpload, uploadDirect, uploadFile, type DirectUploadOptions, type UploadOptions, type UploadProgress } from './upload.ts';

export interface PhotoCloudClient {
  http: HttpClient;
  auth: AuthApi;
  media: MediaApi;
  albums: AlbumsApi;
  trash: TrashApi;
  shares: SharesApi;
  similar: SimilarApi;
  account: AccountApi;
  admin: AdminApi;
}

/** A typed client for the PhotoCloud API (the gateway). */
export function createClient(opts: ClientOptions = {}): PhotoCloudClient {
  const http = new HttpClient(opts);
  return {
    http,
    auth: new AuthApi(http), media: new MediaApi(http), albums: new AlbumsApi(http), trash: new TrashApi(http),
    shares: new SharesApi(http),
    similar: new SimilarApi(http),
    account: new AccountApi(http),
    admin: new AdminApi(http),
  };
}
