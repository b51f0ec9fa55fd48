package dev.vigil.vm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** Extracts VictoriaMetrics' {@code errorType} and {@code error} from an error body. */
final class VmErrors {

    private static final JsonFactory JSON = new JsonFactory();

    private VmErrors() {
    }

    /** {@code "<errorType>: <error>"}, or null when the body is not a VictoriaMetrics error object. */
    static String describe(String body) {
        if (body == null || !body.stripLeading().startsWith("{")) {
            return null;
        }
        String type = null;
        String error = null;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_STRING && f.equals("errorType")) {
                    type = p.getText();
                } else if (t == JsonToken.VALUE_STRING && f.equals("error")) {
                    error = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            // a truncated body: use what was found
        }
        if (type == null && error == null) {
            return null;
        }
        return (type == null ? "error" : type) + ": " + (error == null ? "" : error);
    }
}
