/**
 * Draws the Teams icons from geometry: `tsx manifest/draw-icons.ts` rewrites manifest/color.png and outline.png.
 * The mark is a clipboard checklist (an audit) with a loop arrow (the monthly cycle).
 */
import fs from 'node:fs';
import path from 'node:path';
import { circle, hex, loopArrow, minus, polyline, Raster, roundedRect, stroke, union } from './icon-raster';

export const ACCENT = '#1F5F7A';
const WHITE = hex('#FFFFFF');

/** 192×192 full colour: Teams crops the square itself, so the accent fills the whole canvas. */
export function drawColorIcon(): Buffer {
  const raster = new Raster(192, 192);
  raster.fill(roundedRect(0, 0, 192, 192, 0), hex(ACCENT));
  // A soft shadow under the board gives it depth without a gradient.
  raster.fill(roundedRect(50, 44, 140, 166, 12), hex('#0B2F3F', 0.35));
  raster.fill(roundedRect(46, 38, 136, 160, 12), WHITE);
  // The clip, with a hole, over the top edge of the board.
  raster.fill(minus(roundedRect(70, 26, 112, 52, 8), circle(91, 33, 4)), hex('#2F3E46'));

  const tick = hex('#2E9E5B');
  const line = hex('#9FB4C2');
  const rows = [70, 98, 126];
  rows.forEach((y, index) => {
    if (index < 2) {
      raster.fill(polyline([[58, y], [64, y + 6], [76, y - 7]], 3.2), tick);
    } else {
      // The last item is still to do: an empty box.
      raster.fill(minus(roundedRect(58, y - 8, 75, y + 9, 3), roundedRect(61.5, y - 4.5, 71.5, y + 5.5, 1)), line);
    }
    raster.fill(stroke(86, y, index === 1 ? 108 : 122, y, 3.5), line);
  });

  // The monthly loop sits on a disc of the accent colour so it reads clearly over the board's corner.
  raster.fill(circle(142, 142, 38), hex(ACCENT));
  raster.fill(circle(142, 142, 31), hex('#F4B942'));
  raster.fill(loopArrow(142, 142, 18, 6.5, 200, 110), hex('#2F3E46'));
  return raster.toPng();
}

/** 32×32 outline: white only, on a transparent background, as Teams requires. */
export function drawOutlineIcon(): Buffer {
  const raster = new Raster(32, 32, 8);
  // The loop arrow takes the board's bottom-right corner, cut out so the two stay apart at this size.
  const gap = circle(22.5, 23.5, 6.8);
  const board = minus(minus(roundedRect(5.5, 5, 25.5, 29.5, 3), roundedRect(7.5, 7, 23.5, 27.5, 1.5)), gap);
  const clip = roundedRect(11, 3, 20, 8.5, 1.5);
  const check = polyline([[10, 14.5], [13, 17.5], [19, 11]], 1.15);
  raster.fill(union(board, clip, check, loopArrow(22.5, 23.5, 4, 1.8, 200, 100)), WHITE);
  return raster.toPng({ r: 255, g: 255, b: 255, a: 0 });
}

if (require.main === module) {
  const dir = __dirname;
  fs.writeFileSync(path.join(dir, 'color.png'), drawColorIcon());
  fs.writeFileSync(path.join(dir, 'outline.png'), drawOutlineIcon());
  console.log(`Wrote ${path.join(dir, 'color.png')} and ${path.join(dir, 'outline.png')}`);
}
