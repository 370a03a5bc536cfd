package io.ganglion.profiles.model;

/**
 * The outcome of one test vector.
 *
 * @param profileId  the profile it ran against (a vector inherited through {@code extends} runs against each child)
 * @param vector     the vector's name
 * @param location   {@code FILE:LINE} where the vector is written
 * @param passed     whether everything matched
 * @param difference what differed, for a person; empty when passed
 */
public record VectorResult(String profileId, String vector, String location, boolean passed, String difference) {
    static VectorResult pass(String profileId, String vector, String location) {
        return new VectorResult(profileId, vector, location, true, "");
    }

    static VectorResult fail(String profileId, String vector, String location, String difference) {
        return new VectorResult(profileId, vector, location, false, difference);
    }
}
