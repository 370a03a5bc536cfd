package io.ganglion.sim.scenario;

/** Device ids from a prefix and a number, zero-padded to at least four digits so that they sort. */
final class DeviceIds {
    private DeviceIds() {
    }

    static String of(String prefix, int index, int count) {
        int width = Math.max(4, Integer.toString(count).length());
        String number = Integer.toString(index + 1);
        StringBuilder id = new StringBuilder(prefix.length() + 1 + width).append(prefix).append('-');
        for (int i = number.length(); i < width; i++) {
            id.append('0');
        }
        return id.append(number).toString();
    }
}
