package dev.ratchet.tracking.search;

/** One token of a filter, with its position (0-based) for error messages. */
record Token(Type type, String text, int position) {
    enum Type {
        WORD,
        QUOTED_NAME,
        STRING,
        NUMBER,
        OPERATOR,
        LPAREN,
        RPAREN,
        COMMA,
        END
    }

    boolean isKeyword(String keyword) {
        return type == Type.WORD && text.equalsIgnoreCase(keyword);
    }
}
