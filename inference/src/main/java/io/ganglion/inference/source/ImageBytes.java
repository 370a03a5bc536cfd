package io.ganglion.inference.source;

/** Recognises the encoded images the decoder reads, by their first bytes: what a file name or header claims is not trusted. */
final class ImageBytes {
    private ImageBytes() {
    }

    /** JPEG (SOI, then a marker) or PNG (its 8-byte signature). */
    static boolean isImage(byte[] data) {
        return isJpeg(data) || isPng(data);
    }

    static boolean isJpeg(byte[] data) {
        return data.length >= 3 && (data[0] & 0xff) == 0xFF && (data[1] & 0xff) == 0xD8 && (data[2] & 0xff) == 0xFF;
    }

    static boolean isPng(byte[] data) {
        return data.length >= 8 && (data[0] & 0xff) == 0x89 && data[1] == 'P' && data[2] == 'N' && data[3] == 'G'
                && data[4] == '\r' && data[5] == '\n' && (data[6] & 0xff) == 0x1A && data[7] == '\n';
    }

    /** The first bytes as printable text, for a problem report about a body that is not an image. */
    static String preview(byte[] data) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(data.length, 40); i++) {
            int c = data[i] & 0xff;
            text.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
        }
        return text.toString();
    }
}
