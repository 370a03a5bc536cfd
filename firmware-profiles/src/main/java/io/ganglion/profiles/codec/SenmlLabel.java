package io.ganglion.profiles.codec;

import java.util.HashMap;
import java.util.Map;

/** The SenML fields of RFC 8428 section 4 with their JSON names and their CBOR labels (section 6). */
enum SenmlLabel {
    BASE_VERSION("bver", -1),
    BASE_NAME("bn", -2),
    BASE_TIME("bt", -3),
    BASE_UNIT("bu", -4),
    BASE_VALUE("bv", -5),
    BASE_SUM("bs", -6),
    NAME("n", 0),
    UNIT("u", 1),
    VALUE("v", 2),
    STRING_VALUE("vs", 3),
    BOOLEAN_VALUE("vb", 4),
    SUM("s", 5),
    TIME("t", 6),
    UPDATE_TIME("ut", 7),
    DATA_VALUE("vd", 8);

    private static final Map<String, SenmlLabel> BY_JSON_NAME = new HashMap<>();
    /** Jackson reports CBOR's integer map keys as their decimal text ({@code "-2"}); text names are accepted too. */
    private static final Map<String, SenmlLabel> BY_CBOR_KEY = new HashMap<>();

    static {
        for (SenmlLabel label : values()) {
            BY_JSON_NAME.put(label.json, label);
            BY_CBOR_KEY.put(label.json, label);
            BY_CBOR_KEY.put(Integer.toString(label.cbor), label);
        }
    }

    final String json;
    final int cbor;

    SenmlLabel(String json, int cbor) {
        this.json = json;
        this.cbor = cbor;
    }

    /** The label a map key stands for, or {@code null} for a field this gateway does not know. */
    static SenmlLabel of(String key, PayloadFormat format) {
        return (format == PayloadFormat.CBOR ? BY_CBOR_KEY : BY_JSON_NAME).get(key);
    }
}
