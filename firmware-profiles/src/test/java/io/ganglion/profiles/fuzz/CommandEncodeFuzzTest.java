package io.ganglion.profiles.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ganglion.profiles.codec.EncodeException;
import io.ganglion.profiles.model.DeviceProfile;
import io.ganglion.profiles.model.InvalidCommandException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link DeviceProfile#encodeCommand} as the REST API calls it, with what a client could put in a JSON body: a command
 * of a library profile (or a made-up name), and for each declared parameter a value of any JSON type, or none, plus
 * made-up parameters. Only {@link InvalidCommandException} and {@link EncodeException} may come out, and an encoded
 * command is a payload of some bytes.
 */
class CommandEncodeFuzzTest {
    @FuzzTest(maxDuration = "3s")
    void encodes_or_refuses_with_a_documented_exception(FuzzedDataProvider data) {
        DeviceProfile profile = FuzzProfiles.pick(data.consumeInt());
        List<String> names = new ArrayList<>(profile.commands().keySet());
        names.sort(null);
        String name = names.isEmpty() || data.consumeInt(0, 7) == 0 ? data.consumeString(12)
                : names.get(data.consumeInt(0, names.size() - 1));
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (profile.commands().containsKey(name)) {
            for (String parameter : profile.commands().get(name).parameters().keySet()) {
                if (data.consumeInt(0, 15) != 0) { // now and then one is missing
                    parameters.put(parameter, value(data));
                }
            }
        }
        while (data.remainingBytes() > 0 && data.consumeInt(0, 7) == 0) {
            parameters.put(data.consumeString(8), value(data));
        }
        try {
            byte[] payload = profile.encodeCommand(name, parameters);
            assertThat(payload).as("payload of " + profile.id() + "/" + name).isNotNull();
        } catch (InvalidCommandException e) {
            assertThat(e.reason()).isNotNull();
            assertThat(e.getMessage()).isNotBlank();
        } catch (EncodeException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    /** What Jackson or Vert.x may hand over for a JSON value: numbers of every width, booleans, text, null. */
    private static Object value(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 9)) {
            case 0: return data.consumeInt();
            case 1: return data.consumeLong();
            case 2: return data.consumeDouble(); // NaN and infinities included
            case 3: return data.consumeInt(-2, 2) + 0.5;
            case 4: return data.consumeBoolean();
            case 5: return data.consumeString(16);
            case 6: return null;
            case 7: return new BigInteger(data.consumeString(40).replaceAll("[^0-9]", "") + "1");
            case 8: return new BigDecimal(data.consumeLong()).movePointLeft(data.consumeInt(-400, 400));
            default: return (float) data.consumeDouble();
        }
    }
}
