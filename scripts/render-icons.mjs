// Renders the app icons (PNG, for the web app manifest) from one SVG drawing with Debian's Chromium.
//   node scripts/render-icons.mjs   (writes public/icons/*.png; commit the result)
import { writeFileSync } from 'node:fs'
import { chromium } from 'playwright-core'

const mark = (stroke, dot) => `
  <circle cx="32" cy="32" r="6" fill="${dot}"/>
  <g fill="none" stroke="${stroke}" stroke-width="3">
    <ellipse cx="32" cy="32" rx="26" ry="10"/>
    <ellipse cx="32" cy="32" rx="26" ry="10" transform="rotate(60 32 32)"/>
    <ellipse cx="32" cy="32" rx="26" ry="10" transform="rotate(120 32 32)"/>
  </g>`

// "any" icons: the mark on a rounded tile; "maskable": full bleed, the mark inside the 80% safe zone.
const icons = [
  { file: 'icon-192.png', size: 192, svg: `<rect width="64" height="64" rx="14" fill="#f7f6f2"/>${mark('#2f5d8a', '#2f5d8a')}` },
  { file: 'icon-512.png', size: 512, svg: `<rect width="64" height="64" rx="14" fill="#f7f6f2"/>${mark('#2f5d8a', '#2f5d8a')}` },
  { file: 'maskable-512.png', size: 512, svg: `<rect width="64" height="64" fill="#2f5d8a"/><g transform="translate(9.6 9.6) scale(0.7)">${mark('#ffffff', '#ffffff')}</g>` },
  { file: 'apple-touch-icon.png', size: 180, svg: `<rect width="64" height="64" fill="#f7f6f2"/><g transform="translate(6.4 6.4) scale(0.8)">${mark('#2f5d8a', '#2f5d8a')}</g>` },
]

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
const page = await browser.newPage()
for (const icon of icons) {
  await page.setViewportSize({ width: icon.size, height: icon.size })
  await page.setContent(`<html><body style="margin:0;background:transparent"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="${icon.size}" height="${icon.size}">${icon.svg}</svg></body></html>`)
  writeFileSync(new URL(`../public/icons/${icon.file}`, import.meta.url), await page.screenshot({ omitBackground: true }))
}
await browser.close()
