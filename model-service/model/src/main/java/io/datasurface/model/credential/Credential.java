package io.datasurface.model.credential;

/** A user and password. {@link #toString()} never shows the password. */
public record Credential(String user, String password) {
    /**
     * The text with this password, if it is 4 characters or more, replaced by {@code ****} (a shorter one would
     * turn every such letter of a message into stars), for messages that may echo it.
     */
    public String hiddenIn(String text) {
        return password == null || password.length() < 4 ? text : text.replace(password, "****");
    }

    @Override
    public String toString() {
        return "Credential[user=" + user + ", password=****]";
    }
}
