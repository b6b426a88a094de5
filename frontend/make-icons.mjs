// Draws boardportal's own icons (a blue square with three rising white bars,
// the same shapes as images/favicon.svg) as PNG files and a favicon.ico,
// with Node's zlib only. GOV.UK's icons are the crown, which a service that is
// not on GOV.UK must not use.
//
// Usage: node frontend/make-icons.mjs OUTPUT_DIR

import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { deflateSync } from 'node:zlib'

const BLUE = [0x1d, 0x70, 0xb8]
const WHITE = [0xff, 0xff, 0xff]
// Bars on a 32 x 32 grid: [x, y, width, height], as in favicon.svg.
const BARS = [
  [6, 20, 5, 6],
  [13.5, 14, 5, 12],
  [21, 7, 5, 19]
]

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32 (buf) {
  let c = 0xffffffff
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk (type, data) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

function png (size) {
  const scale = size / 32
  const raw = Buffer.alloc(size * (size * 3 + 1))
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0 // filter: none
    for (let x = 0; x < size; x++) {
      // Sample the pixel centre in the 32-unit grid.
      const gx = (x + 0.5) / scale
      const gy = (y + 0.5) / scale
      const inBar = BARS.some(([bx, by, bw, bh]) => gx >= bx && gx < bx + bw && gy >= by && gy < by + bh)
      const [r, g, b] = inBar ? WHITE : BLUE
      const i = y * (size * 3 + 1) + 1 + x * 3
      raw[i] = r
      raw[i + 1] = g
      raw[i + 2] = b
    }
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 8 // bit depth
  header[9] = 2 // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0))
  ])
}

function ico (size) {
  // An ICO file holding one PNG image.
  const image = png(size)
  const header = Buffer.alloc(6 + 16)
  header.writeUInt16LE(0, 0) // reserved
  header.writeUInt16LE(1, 2) // type: icon
  header.writeUInt16LE(1, 4) // one image
  header[6] = size % 256 // width (0 means 256)
  header[7] = size % 256
  header.writeUInt16LE(1, 10) // colour planes
  header.writeUInt16LE(32, 12) // bits per pixel
  header.writeUInt32LE(image.length, 14)
  header.writeUInt32LE(22, 18) // offset of the image
  return Buffer.concat([header, image])
}

const out = process.argv[2]
if (!out) {
  console.error('usage: node frontend/make-icons.mjs OUTPUT_DIR')
  process.exit(2)
}
mkdirSync(out, { recursive: true })
writeFileSync(join(out, 'favicon.ico'), ico(48))
for (const size of [180, 192, 512]) {
  writeFileSync(join(out, `icon-${size}.png`), png(size))
}
