/** esbuild bundles imported stylesheets into the UI's one CSS file. */
declare module '*.css';
