package io.ganglion.sim.plan;

/**
 * A camera's frames: one every {@code 1/fps} from shortly after it connects, round robin through its group's
 * {@link FrameSource}, each camera starting at a different photo.
 */
final class CameraFrames implements Timeline {
    private final DeviceInfo info;
    private final FrameSource source;
    private final long end;
    private final double periodMillis;
    private final long first;
    private long n;

    /** @param first the time of the first frame, after the camera's connect */
    CameraFrames(DeviceInfo info, FrameSource source, double fps, long first, long end) {
        this.info = info;
        this.source = source;
        this.end = end;
        this.periodMillis = 1000.0 / fps;
        this.first = first;
    }

    private long time(long frame) {
        return first + (long) Math.floor(frame * periodMillis);
    }

    @Override
    public long nextAt() {
        long time = time(n);
        return time < end ? time : Long.MAX_VALUE;
    }

    @Override
    public SimEvent poll() {
        long time = time(n);
        byte[] frame = source.frame(info.index() + n);
        n++;
        return new Message(info.id(), info.ordinal(), Channel.FRAMES, frame, info.qos(), time, Tally.frame());
    }

    @Override
    public long rank() {
        return 2L * info.ordinal() + 1;
    }
}
