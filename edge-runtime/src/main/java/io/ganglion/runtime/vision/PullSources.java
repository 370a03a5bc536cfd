package io.ganglion.runtime.vision;

import io.ganglion.inference.source.FrameSink;
import io.ganglion.inference.source.FrameSource;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frame sources the gateway pulls from itself: a camera's snapshot URL, its MJPEG stream or a folder, per the
 * camera's {@code devices[].camera} settings. Each source runs on its own thread and delivers to the pipeline's
 * newest-frame slot like a pushed frame.
 */
public final class PullSources implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PullSources.class);

    private final List<FrameSource> sources;

    private PullSources(List<FrameSource> sources) {
        this.sources = sources;
    }

    /** Creates and starts a source for every camera that has one. */
    public static PullSources start(List<Camera> cameras, FrameSink sink) {
        List<FrameSource> sources = new ArrayList<>();
        try {
            for (Camera camera : cameras) {
                FrameSource source = create(camera);
                if (source != null) {
                    source.start(sink);
                    sources.add(source);
                    LOG.info("camera '{}': reading {}", camera.id(), source.describe());
                }
            }
        } catch (RuntimeException e) {
            sources.forEach(FrameSource::close);
            throw e;
        }
        return new PullSources(sources);
    }

    static FrameSource create(Camera camera) {
        if (!camera.settings().pulls()) {
            return null;
        }
        throw new UnsupportedOperationException("pull sources are not merged yet");
    }

    public List<FrameSource> sources() {
        return List.copyOf(sources);
    }

    @Override
    public void close() {
        for (FrameSource source : sources) {
            try {
                source.close();
            } catch (RuntimeException e) {
                LOG.warn("source {} did not close cleanly", source.describe(), e);
            }
        }
    }
}
