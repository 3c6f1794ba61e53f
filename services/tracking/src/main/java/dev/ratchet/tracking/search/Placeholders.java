package dev.ratchet.tracking.search;

/** SQL built from parts writes plain {@code ?}; JPA's native queries want them numbered. */
public final class Placeholders {
    private Placeholders() {}

    /** {@code a = ? and b = ?} as {@code a = ?1 and b = ?2}. */
    public static String numbered(String sql) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (char c : sql.toCharArray()) {
            out.append(c);
            if (c == '?') {
                out.append(++n);
            }
        }
        return out.toString();
    }
}
