package dev.ratchet.tracking.search;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits a filter into tokens; never evaluates or concatenates anything. */
final class Tokenizer {
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private Tokenizer() {}

    static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                tokens.add(new Token(c == '(' ? Token.Type.LPAREN : Token.Type.RPAREN, String.valueOf(c), i));
                i++;
            } else if (c == ',') {
                tokens.add(new Token(Token.Type.COMMA, ",", i));
                i++;
            } else if (c == '\'' || c == '"' || c == '`') {
                int end = text.indexOf(c, i + 1);
                if (end < 0) {
                    throw new FilterSyntaxException("filter: unterminated quote " + c + " at position " + (i + 1));
                }
                // Backticks, and double quotes right after "namespace.", quote a field name.
                boolean name = c == '`'
                        || c == '"'
                                && !tokens.isEmpty()
                                && tokens.get(tokens.size() - 1).type() == Token.Type.WORD
                                && tokens.get(tokens.size() - 1).text().endsWith(".");
                tokens.add(new Token(name ? Token.Type.QUOTED_NAME : Token.Type.STRING, text.substring(i + 1, end), i));
                i = end + 1;
            } else if ("=!<>".indexOf(c) >= 0) {
                int start = i;
                i++;
                if (i < text.length() && text.charAt(i) == '=') {
                    i++;
                }
                String op = text.substring(start, i);
                if (op.equals("!")) {
                    throw new FilterSyntaxException("filter: '!' must be followed by '=' at position " + (start + 1));
                }
                tokens.add(new Token(Token.Type.OPERATOR, op, start));
            } else if (NUMBER.matcher(text).region(i, text.length()).lookingAt()) {
                Matcher number = NUMBER.matcher(text).region(i, text.length());
                number.lookingAt();
                tokens.add(new Token(Token.Type.NUMBER, number.group(), i));
                i = number.end();
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < text.length()
                        && (Character.isLetterOrDigit(text.charAt(i)) || "_.-/:".indexOf(text.charAt(i)) >= 0)) {
                    i++;
                }
                tokens.add(new Token(Token.Type.WORD, text.substring(start, i), start));
            } else {
                throw new FilterSyntaxException("filter: unexpected character '" + c + "' at position " + (i + 1));
            }
        }
        tokens.add(new Token(Token.Type.END, "", text.length()));
        return tokens;
    }
}
