// Public settings for the storefront; Vite inlines import.meta.env at build time.
export const apiUrl: string = import.meta.env.VITE_API_URL ?? "http://localhost:8000";
export const analyticsKey = process.env.ANALYTICS_WRITE_KEY;
