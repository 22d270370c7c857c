// A resolve hook for ES modules: a bare specifier the function's own folders do not have
// (`import { S3Client } from "@aws-sdk/client-s3"`) is looked up in the NODE_PATH folders
// next, as CommonJS's require does and as Lambda's runtime resolves ES modules (layers'
// node_modules, then the SDK the runtime includes). Registered by node.js at start-up.
import { pathToFileURL } from 'node:url';

let folders = [];

export async function initialize(data) {
  folders = (data && data.folders) || [];
}

export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    const bare = !/^(\.{0,2}\/|[a-zA-Z][a-zA-Z0-9+.-]*:)/.test(specifier);
    if (!bare || err.code !== 'ERR_MODULE_NOT_FOUND') throw err;
    for (const folder of folders) {
      try {
        // From a parent inside the folder, Node's own lookup finds <folder>/<package>.
        return await next(specifier, { ...context, parentURL: pathToFileURL(folder + '/_').href });
      } catch (again) {
        if (again.code !== 'ERR_MODULE_NOT_FOUND') throw again;
      }
    }
    throw err;
  }
}
