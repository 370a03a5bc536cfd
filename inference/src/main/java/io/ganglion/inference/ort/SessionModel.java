package io.ganglion.inference.ort;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.ganglion.inference.ModelException;
import io.ganglion.inference.ModelSettings;
import io.ganglion.inference.VisionModel;

/** What the single-session families share: their settings, their session, and loading with the shape check. */
public abstract class SessionModel implements VisionModel {
    protected final ModelSettings settings;
    protected final OrtSession session;

    protected SessionModel(ModelSettings settings, OrtSession session) {
        this.settings = settings;
        this.session = session;
    }

    /** Builds a model from its open session once its shapes are checked; refuses with a ModelException. */
    @FunctionalInterface
    protected interface Factory {
        VisionModel create(OrtSession session, TensorShapes shapes) throws ModelException;
    }

    /** Opens the settings' model file and hands the session to the family; closes it if the family refuses it. */
    protected static VisionModel open(ModelSettings settings, Factory family) throws ModelException {
        OrtSession session = OrtSessions.open(settings, settings.model(), "path");
        try {
            return family.create(session, TensorShapes.of(session));
        } catch (ModelException | RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    @Override
    public ModelSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    public static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            // Nothing to do: the native session is gone either way.
        }
    }
}
