/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // Tests live beside the code they test; they are not routes.
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  serverModuleFormat: "esm",
  // Everything generated goes under build/, so the checkout keeps only sources.
  serverBuildPath: "build/server/index.js",
  assetsBuildDirectory: "build/public/assets",
  publicPath: "/assets/",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
  },
};
