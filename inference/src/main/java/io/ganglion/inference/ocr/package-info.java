/**
 * PP-OCR text reading (family {@code ppocr}): the DB detector's probability map turned into text boxes, each box
 * read by the CTC recogniser. Public surface: {@link io.ganglion.inference.ocr.PpOcrModel#load}; the rest is
 * package-private. This package must not know about cameras, configuration files or the gateway: it takes
 * {@link io.ganglion.inference.ModelSettings} and frames, and returns detections.
 */
package io.ganglion.inference.ocr;
