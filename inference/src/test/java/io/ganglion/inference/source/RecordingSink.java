package io.ganglion.inference.source;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what a source delivered, for assertions from the test thread. */
final class RecordingSink implements FrameSink {
    final List<CameraFrame> frames = new CopyOnWriteArrayList<>();
    final List<String> problems = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();

    @Override
    public void frame(CameraFrame frame) {
        threads.add(Thread.currentThread());
        frames.add(frame);
    }

    @Override
    public void problem(String cameraId, String message, Throwable cause) {
        threads.add(Thread.currentThread());
        problems.add(cameraId + ": " + message);
    }

    List<byte[]> jpegs() {
        return frames.stream().map(CameraFrame::jpeg).toList();
    }
}
