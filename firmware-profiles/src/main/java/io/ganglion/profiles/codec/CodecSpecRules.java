package io.ganglion.profiles.codec;

import io.ganglion.profiles.ConfigCheck;
import io.ganglion.profiles.InvalidSettingException;
import io.ganglion.profiles.codec.CodecSpec.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks of a {@link CodecSpec} that look at more than one component: which keys each codec takes, where binary
 * fields lie, that paths and names are distinct. Returns the spec's components with their defaults filled in.
 */
final class CodecSpecRules {
    /** The components {@link CodecSpec}'s constructor replaces with their checked, defaulted forms. */
    record Normalized(ByteOrder byteOrder, TimestampSpec timestamp, Map<String, FieldSpec> fields) {
    }

    /** A path, SenML name or byte range claimed by a field or the timestamp, to compare with the others. */
    private record Claim(String owner, String key, String path, Integer at, FieldType type, BitRange bits) {
        int end() {
            return at + type.size() - 1;
        }
    }

    private final CodecKind codec;

    private CodecSpecRules(CodecKind codec) {
        this.codec = codec;
    }

    static Normalized check(CodecKind codec, ByteOrder byteOrder, Integer length, TimestampSpec timestamp,
                            Map<String, FieldSpec> fields) {
        if (codec == null) {
            throw new InvalidSettingException("codec", "one of " + Labels.list(CodecKind.values(), CodecKind::label),
                    "nothing");
        }
        if (fields == null || fields.isEmpty()) {
            throw new InvalidSettingException("fields", "at least one field", "none");
        }
        for (String key : fields.keySet()) {
            if (key == null || key.isBlank()) {
                throw new InvalidSettingException("fields", "field names that are not blank",
                        key == null ? "nothing" : "'" + key + "'");
            }
        }
        CodecSpecRules rules = new CodecSpecRules(codec);
        if (codec.isObject()) {
            return rules.object(byteOrder, length, timestamp, fields);
        }
        if (codec.isSenml()) {
            return rules.senml(byteOrder, length, timestamp, fields);
        }
        return rules.binary(byteOrder, length, timestamp, fields);
    }

    private Normalized object(ByteOrder byteOrder, Integer length, TimestampSpec timestamp,
                              Map<String, FieldSpec> fields) {
        refuse("byteOrder", byteOrder, "only binary structs have a byte order");
        refuse("length", length, "only binary structs have a fixed length");
        String takes = "a " + codec.label() + " field takes only path";
        Map<String, FieldSpec> normalized = new LinkedHashMap<>();
        List<Claim> claims = new ArrayList<>();
        fields.forEach((key, given) -> {
            FieldSpec field = given == null ? FieldSpec.atPath(null) : given;
            String prefix = "fields." + key + ".";
            refuse(prefix + "name", field.name(), takes);
            refuseBinaryKeys(prefix, field, takes);
            String path = field.path() != null ? field.path() : DotPath.check(prefix + "path", key);
            normalized.put(key, FieldSpec.atPath(path));
            claims.add(new Claim("field '" + key + "'", prefix + "path", path, null, null, null));
        });
        TimestampSpec time = null;
        if (timestamp != null) {
            String takesTime = "a " + codec.label() + " timestamp takes path and unit";
            refuse("timestamp.at", timestamp.at(), takesTime);
            refuse("timestamp.type", timestamp.type(), takesTime);
            if (timestamp.path() == null) {
                throw new InvalidSettingException("timestamp.path", DotPath.EXPECTATION, "nothing");
            }
            time = TimestampSpec.atPath(timestamp.path(), ConfigCheck.orDefault(timestamp.unit(), EpochUnit.MS));
            // First, as profiles write it before the fields: a clash is then reported at the field.
            claims.add(0, new Claim("the timestamp", "timestamp.path", timestamp.path(), null, null, null));
        }
        checkDistinctPaths(claims);
        return new Normalized(null, time, Collections.unmodifiableMap(normalized));
    }

    private Normalized senml(ByteOrder byteOrder, Integer length, TimestampSpec timestamp,
                             Map<String, FieldSpec> fields) {
        refuse("byteOrder", byteOrder, "only binary structs have a byte order");
        refuse("length", length, "only binary structs have a fixed length");
        refuse("timestamp", timestamp, "SenML records carry their own time in bt and t");
        String takes = "a " + codec.label() + " field takes only name";
        Map<String, FieldSpec> normalized = new LinkedHashMap<>();
        Map<String, String> ownerByName = new LinkedHashMap<>();
        fields.forEach((key, given) -> {
            FieldSpec field = given == null ? FieldSpec.named(null) : given;
            String prefix = "fields." + key + ".";
            refuse(prefix + "path", field.path(), takes);
            refuseBinaryKeys(prefix, field, takes);
            String name = field.name() != null ? field.name() : key;
            String owner = ownerByName.putIfAbsent(name, key);
            if (owner != null) {
                throw new InvalidSettingException(prefix + "name", "a SenML name no other field matches (field '"
                        + owner + "' has it)", "'" + name + "'");
            }
            normalized.put(key, FieldSpec.named(name));
        });
        return new Normalized(null, null, Collections.unmodifiableMap(normalized));
    }

    private Normalized binary(ByteOrder byteOrder, Integer length, TimestampSpec timestamp,
                              Map<String, FieldSpec> fields) {
        if (length == null) {
            throw new InvalidSettingException("length", "the struct's length in bytes, from 1 to "
                    + CodecSpec.MAX_LENGTH, "nothing");
        }
        ConfigCheck.inRange("length", length, 1, CodecSpec.MAX_LENGTH);
        String takes = "a binary field takes at, type, bits, scale and offset";
        Map<String, FieldSpec> normalized = new LinkedHashMap<>();
        List<Claim> claims = new ArrayList<>();
        fields.forEach((key, given) -> {
            FieldSpec field = given == null ? FieldSpec.atPath(null) : given;
            String prefix = "fields." + key + ".";
            refuse(prefix + "path", field.path(), takes);
            refuse(prefix + "name", field.name(), takes);
            Claim claim = place("field '" + key + "'", prefix, field.at(), field.type(), length, field.bitRange());
            claims.add(claim);
            normalized.put(key, new FieldSpec(null, null, field.at(), field.type(), field.bits(),
                    ConfigCheck.orDefault(field.scale(), 1.0), ConfigCheck.orDefault(field.offset(), 0.0)));
        });
        TimestampSpec time = null;
        if (timestamp != null) {
            refuse("timestamp.path", timestamp.path(), "a binary timestamp takes at, type and unit");
            claims.add(0, place("the timestamp", "timestamp.", timestamp.at(), timestamp.type(), length, null));
            time = TimestampSpec.binary(timestamp.at(), timestamp.type(),
                    ConfigCheck.orDefault(timestamp.unit(), EpochUnit.S));
        }
        checkNoOverlap(claims);
        return new Normalized(ConfigCheck.orDefault(byteOrder, ByteOrder.BIG), time,
                Collections.unmodifiableMap(normalized));
    }

    private static Claim place(String owner, String prefix, Integer at, FieldType type, int length, BitRange bits) {
        String inside = "a byte position inside the " + length + "-byte struct";
        if (at == null) {
            throw new InvalidSettingException(prefix + "at", inside, "nothing");
        }
        if (type == null) {
            String types = prefix.startsWith("timestamp") ? "one of int32, uint32, int64 or float64"
                    : "one of " + Labels.list(FieldType.values(), FieldType::label);
            throw new InvalidSettingException(prefix + "type", types, "nothing");
        }
        if (type.size() > length) {
            throw new InvalidSettingException(prefix + "type", "a type of at most " + length
                    + " bytes, the struct's length", type.label());
        }
        if (at + type.size() > length) {
            throw new InvalidSettingException(prefix + "at", inside + " (0 to " + (length - type.size())
                    + " for " + type.withArticle() + ")", at);
        }
        return new Claim(owner, prefix, null, at, type, bits);
    }

    /** Bytes may be shared only by bit fields of one integer (same position and type) whose bits are disjoint. */
    private static void checkNoOverlap(List<Claim> claims) {
        for (int i = 1; i < claims.size(); i++) {
            Claim later = claims.get(i);
            for (Claim earlier : claims.subList(0, i)) {
                if (later.at > earlier.end() || earlier.at > later.end()) {
                    continue;
                }
                boolean sameInteger = later.bits != null && earlier.bits != null && later.at.equals(earlier.at)
                        && later.type == earlier.type;
                if (!sameInteger) {
                    throw new InvalidSettingException(later.key + "at", "bytes no other field uses, or other bits"
                            + " of the same integer (" + earlier.owner + " has bytes " + earlier.at + " to "
                            + earlier.end() + ")", later.at);
                }
                if (later.bits.overlaps(earlier.bits)) {
                    throw new InvalidSettingException(later.key + "bits", "bits " + earlier.owner
                            + " does not use (it has " + earlier.bits + ")", "'" + later.bits + "'");
                }
            }
        }
    }

    /** A path is one value or one object: no two fields at the same path, none inside another's value. */
    private static void checkDistinctPaths(List<Claim> claims) {
        for (int i = 1; i < claims.size(); i++) {
            Claim later = claims.get(i);
            for (Claim earlier : claims.subList(0, i)) {
                String problem = null;
                if (later.path.equals(earlier.path)) {
                    problem = "a path no other field uses (" + earlier.owner + " has it)";
                } else if (DotPath.isInside(later.path, earlier.path)) {
                    problem = "a path outside " + earlier.owner + " (" + earlier.path + "), which is a value, not an"
                            + " object";
                } else if (DotPath.isInside(earlier.path, later.path)) {
                    problem = "a path that does not contain " + earlier.owner + " (" + earlier.path
                            + "): a path is either a value or an object";
                }
                if (problem != null) {
                    throw new InvalidSettingException(later.key, problem, "'" + later.path + "'");
                }
            }
        }
    }

    private void refuseBinaryKeys(String prefix, FieldSpec field, String takes) {
        refuse(prefix + "at", field.at(), takes);
        refuse(prefix + "type", field.type(), takes);
        refuse(prefix + "bits", field.bits(), takes);
        refuse(prefix + "scale", field.scale(), takes);
        refuse(prefix + "offset", field.offset(), takes);
    }

    /** A key that means nothing to this codec is an error, not ignored: it shows a misunderstanding. */
    private void refuse(String key, Object value, String reason) {
        if (value == null) {
            return;
        }
        String name = key.substring(key.lastIndexOf('.') + 1);
        throw new InvalidSettingException(key, "no " + name + " for codec " + codec.label() + " (" + reason + ")",
                show(value));
    }

    private static String show(Object value) {
        if (value instanceof String text) {
            return "'" + text + "'";
        }
        if (value instanceof FieldType type) {
            return type.label();
        }
        if (value instanceof ByteOrder order) {
            return order.label();
        }
        if (value instanceof TimestampSpec) {
            return "a timestamp section";
        }
        return String.valueOf(value);
    }
}
