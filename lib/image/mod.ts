/** 8-bit images and the functional image operations, with torchvision/PIL semantics. */
export { createImage, decodeImage, encodeJpeg, encodePng, ImageReadError, readImage, toPngDataUrl, writeImage } from "./image.ts";
export type { Image8 } from "./image.ts";
export { resize } from "./resize.ts";
export { centerCrop, crop, hflip } from "./crop.ts";
export { affine } from "./affine.ts";
export type { AffineParams } from "./affine.ts";
export { autocontrast, equalize, invert, posterize, solarize } from "./pixel.ts";
export { adjustBrightness, adjustContrast, adjustSaturation, adjustSharpness, toGrey } from "./enhance.ts";
