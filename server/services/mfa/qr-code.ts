import QRCode from 'qrcode'

/** A QR code as one SVG path of its dark modules (one unit each) and its size in modules, drawn by the page as inline SVG. */
export interface QrCodeShape {
  size: number
  path: string
}

export function qrCodeShape(text: string): QrCodeShape {
  const { size, data } = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules
  let path = ''
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      if (data[row * size + column]) path += `M${column} ${row}h1v1h-1z`
    }
  }
  return { size, path }
}
