// Vite builds the web app (src/web) into dist/web, which the server serves at /.
// In development (`npm run dev:web`) /api is proxied to the server on port 3000.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: '.',
  plugins: [react()],
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/, priority: 20 },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[a-z-]+|dayjs|@babel)[\\/]/, priority: 10 },
            // Only the dashboard draws charts and only TOTP enrolment draws a QR code: their libraries
            // stay out of the shared vendor chunk, so the sign-in page never loads them.
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 15 },
            { name: 'vendor', test: /node_modules[\\/](?!echarts[\\/]|zrender[\\/]|qrcode[\\/])/, priority: 0 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
});
