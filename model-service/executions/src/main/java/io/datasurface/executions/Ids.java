package io.datasurface.executions;

import io.datasurface.model.fault.DatasurfaceException;
import java.util.UUID;
import java.util.regex.Pattern;

/** Execution and step ids: GUIDs written 8-4-4-4-12 in hex. */
public final class Ids {
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Ids() {
    }

    /**
     * @param what what the id names, for the message: "execution id", "step id"
     * @throws DatasurfaceException when the text is not a GUID (stricter than {@link UUID#fromString})
     */
    public static UUID parse(String text, String what) {
        if (text == null || !GUID.matcher(text.strip()).matches()) {
            throw new DatasurfaceException("'" + text + "' is not a valid " + what + "; expected a GUID such as "
                    + "3f2b8c1e-0b7a-4c55-9a41-2d4f6e8a9b10", false);
        }
        return UUID.fromString(text.strip());
    }
}
