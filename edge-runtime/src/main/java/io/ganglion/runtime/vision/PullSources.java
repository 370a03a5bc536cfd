package io.ganglion.runtime.vision;

import io.ganglion.inference.source.FolderSource;
import io.ganglion.inference.source.FrameSink;
import io.ganglion.inference.source.FrameSource;
import io.ganglion.inference.source.MjpegStreamSource;
import io.ganglion.inference.source.SnapshotSource;
import io.ganglion.inference.source.SourceLimits;
import io.ganglion.runtime.config.CameraConfig;
import java.net.URI;
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

    /**
     * Creates and starts a source for every camera that has one.
     *
     * @param maxFrameBytes {@code vision.maxFrameBytes}: a source skips (and reports) larger frames without buffering
     *                      them
     */
    public static PullSources start(List<Camera> cameras, FrameSink sink, int maxFrameBytes) {
        List<FrameSource> sources = new ArrayList<>();
        try {
            for (Camera camera : cameras) {
                FrameSource source = create(camera, maxFrameBytes);
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

    static FrameSource create(Camera camera, int maxFrameBytes) {
        CameraConfig settings = camera.settings();
        SourceLimits limits = SourceLimits.defaults().withMaxFrameBytes(maxFrameBytes);
        if (settings.snapshot() != null) {
            return new SnapshotSource(camera.id(), URI.create(settings.snapshot().url()),
                    settings.snapshot().interval(), limits);
        }
        if (settings.mjpeg() != null) {
            return new MjpegStreamSource(camera.id(), URI.create(settings.mjpeg().url()),
                    settings.mjpeg().reconnectDelay(), limits);
        }
        if (settings.folder() != null) {
            return new FolderSource(camera.id(), settings.folder().path(), settings.folder().interval(),
                    maxFrameBytes);
        }
        return null;
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
