package io.ganglion.inference.generic;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.OnnxJavaType;
import io.ganglion.inference.FrameRunner;
import io.ganglion.inference.InferenceException;
import io.ganglion.inference.ModelException;
import io.ganglion.inference.ModelRunner;
import io.ganglion.inference.ModelSettings;
import io.ganglion.inference.RawTensor;
import io.ganglion.inference.StageTimes;
import io.ganglion.inference.VisionModel;
import io.ganglion.inference.VisionResult;
import io.ganglion.inference.image.Frame;
import io.ganglion.inference.image.TensorWriter;
import io.ganglion.inference.image.TensorWriter.ChannelOrder;
import io.ganglion.inference.image.TensorWriter.Normalisation;
import io.ganglion.inference.ort.OrtSessions;
import io.ganglion.inference.ort.SessionModel;
import io.ganglion.inference.ort.PinnedIo;
import io.ganglion.inference.ort.TensorShapes;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Any model with one image input {@code [1,3,H,W]} (H and W fixed): the whole frame resized into it, RGB, values
 * v/255; every float output returned as a {@link RawTensor}, for a site's own post-processing downstream. Outputs
 * are copied, since their shapes may depend on the input; this family trades the others' zero-copy for generality.
 */
public final class GenericModel extends SessionModel {
    private static final Normalisation UNIT = Normalisation.uniform(1f / 255f, 0f);

    private final String inputName;
    private final int inputWidth;
    private final int inputHeight;

    private GenericModel(ModelSettings settings, OrtSession session, TensorShapes shapes) {
        super(settings, session);
        this.inputName = shapes.input(0).name();
        this.inputHeight = (int) shapes.input(0).shape()[2];
        this.inputWidth = (int) shapes.input(0).shape()[3];
    }

    public static VisionModel load(ModelSettings settings) throws ModelException {
        return open(settings, (session, shapes) -> {
            boolean fits = shapes.inputs().size() == 1 && TensorShapes.matches(shapes.input(0), -1, 3, -1, -1)
                    && shapes.input(0).shape()[0] <= 1 && shapes.input(0).shape()[2] > 0
                    && shapes.input(0).shape()[3] > 0;
            if (!fits) {
                throw new ModelException("model " + settings.name() + ": path " + settings.model() + " does not"
                        + " take an image: a generic model needs one float input [1,3,H,W] with H and W fixed;"
                        + " it has " + shapes);
            }
            return new GenericModel(settings, session, shapes);
        });
    }

    @Override
    public List<String> labels() {
        return List.of();
    }

    @Override
    public ModelRunner newRunner() {
        return new Runner();
    }

    private final class Runner extends FrameRunner {
        private final long[] shape = {1, 3, inputHeight, inputWidth};
        private final FloatBuffer input = PinnedIo.directFloats(3 * inputHeight * inputWidth);
        private final OnnxTensor tensor;
        private final TensorWriter writer = new TensorWriter();

        Runner() {
            try {
                tensor = OnnxTensor.createTensor(OrtSessions.environment(), input, shape);
            } catch (OrtException e) {
                throw new IllegalStateException("cannot allocate the input tensor: " + e.getMessage(), e);
            }
        }

        @Override
        public VisionResult run(Frame frame) throws InferenceException {
            long start = System.nanoTime();
            writer.write(frame, 0, 0, frame.width(), frame.height(), inputWidth, inputHeight, inputWidth,
                    inputHeight, 0, ChannelOrder.RGB, UNIT, input);
            long preprocessed = System.nanoTime();
            List<RawTensor> raw = new ArrayList<>();
            long inferred;
            try (OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
                inferred = System.nanoTime();
                for (Map.Entry<String, OnnxValue> output : result) {
                    if (output.getValue() instanceof OnnxTensor t && t.getInfo().type == OnnxJavaType.FLOAT) {
                        TensorInfo info = t.getInfo();
                        FloatBuffer values = t.getFloatBuffer();
                        float[] copy = new float[values.remaining()];
                        values.get(copy);
                        raw.add(new RawTensor(output.getKey(), info.getShape(), copy));
                    }
                }
            } catch (OrtException e) {
                throw new InferenceException("model " + settings.name() + ": " + e.getMessage(), e);
            }
            long done = System.nanoTime();
            return new VisionResult(frame.width(), frame.height(), List.of(), raw,
                    new StageTimes(0, preprocessed - start, inferred - preprocessed, done - inferred));
        }

        @Override
        protected void release() {
            tensor.close();
        }
    }
}
