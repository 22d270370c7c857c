package cumulo.runtime;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader and writer (RFC 8259), for events, results and error payloads.
 *
 * Reading gives plain values only: null, Boolean, String, Integer / Long / BigInteger
 * (the smallest that holds an integral number), Double (or BigDecimal past its
 * range), ArrayList and LinkedHashMap (keys in document order). Writing takes the
 * same values, plus any Map, Iterable, Number and CharSequence. Turning other Java
 * objects into these values is Binder's work, not this class's.
 *
 * Java 8 source: the bootstrap runs on every Java runtime's JVM.
 */
final class Json {
    /** The two-character escapes: the letter after the backslash, and the character it stands for. */
    private static final String ESCAPED = "\"\\/bfnrt";
    private static final String PLAIN = "\"\\/\b\f\n\r\t";

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /** The value of a JSON document; IllegalArgumentException (with the offset) when it is not one. */
    static Object parse(String text) {
        Json reader = new Json(text);
        reader.skipSpace();
        Object value = reader.value(0);
        reader.skipSpace();
        if (reader.pos != text.length()) {
            throw reader.fail("Unexpected content after the JSON value");
        }
        return value;
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    // ------------------------------------------------------------------ reading

    private Object value(int depth) {
        if (depth > 512) {
            throw fail("JSON nested too deeply");
        }
        if (pos >= text.length()) {
            throw fail("Unexpected end of input");
        }
        char ch = text.charAt(pos);
        switch (ch) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (ch == '-' || (ch >= '0' && ch <= '9')) {
                    return number();
                }
                throw fail("Unexpected character '" + ch + "'");
        }
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> map = new LinkedHashMap<String, Object>();
        if (empty('}')) {
            return map;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw fail("Expected a member name");
            }
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            map.put(key, value(depth + 1));
            if (closes('}')) {
                return map;
            }
        }
    }

    private List<Object> array(int depth) {
        List<Object> list = new ArrayList<Object>();
        if (empty(']')) {
            return list;
        }
        while (true) {
            skipSpace();
            list.add(value(depth + 1));
            if (closes(']')) {
                return list;
            }
        }
    }

    /** Past the opening bracket: true (and past the closing one too) when nothing is inside. */
    private boolean empty(char close) {
        pos++;
        skipSpace();
        if (peek() != close) {
            return false;
        }
        pos++;
        return true;
    }

    /** After a member or item: true at the closing bracket, false at a comma (either consumed). */
    private boolean closes(char close) {
        skipSpace();
        char next = peek();
        if (next != close && next != ',') {
            throw fail("Expected ',' or '" + close + "'");
        }
        pos++;
        return next == close;
    }

    private String string() {
        pos++; // the opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw fail("Unterminated string");
            }
            char ch = text.charAt(pos++);
            if (ch == '"') {
                return out.toString();
            }
            if (ch < 0x20) {
                pos--;
                throw fail("Control character in string");
            }
            if (ch != '\\') {
                out.append(ch);
                continue;
            }
            if (pos >= text.length()) {
                throw fail("Unterminated escape");
            }
            char esc = text.charAt(pos++);
            int simple = ESCAPED.indexOf(esc);
            if (simple >= 0) {
                out.append(PLAIN.charAt(simple));
                continue;
            }
            if (esc != 'u') {
                pos--;
                throw fail("Bad escape '\\" + esc + "'");
            }
            int code = 0;
            for (int end = pos + 4; pos < end; pos++) {
                int digit = pos < text.length() ? Character.digit(text.charAt(pos), 16) : -1;
                if (digit < 0) {
                    throw fail("Bad \\u escape");
                }
                code = code * 16 + digit;
            }
            out.append((char) code);
        }
    }

    private Object number() {
        int start = pos;
        boolean integral = true;
        accept("-");
        int first = pos;
        if (!digits() || (text.charAt(first) == '0' && pos - first > 1)) {
            throw fail("Malformed number");
        }
        if (accept(".")) {
            integral = false;
            if (!digits()) {
                throw fail("Malformed number");
            }
        }
        if (accept("eE")) {
            integral = false;
            accept("+-");
            if (!digits()) {
                throw fail("Malformed number");
            }
        }
        String literal = text.substring(start, pos);
        if (integral) {
            BigInteger big = new BigInteger(literal);
            if (big.bitLength() < 32) {
                return Integer.valueOf(big.intValue());
            }
            return big.bitLength() < 64 ? (Object) Long.valueOf(big.longValue()) : big;
        }
        double value = Double.parseDouble(literal);
        return Double.isInfinite(value) ? (Object) new BigDecimal(literal) : Double.valueOf(value);
    }

    /** Steps over one of `chars` if it comes next. */
    private boolean accept(String chars) {
        if (pos < text.length() && chars.indexOf(text.charAt(pos)) >= 0) {
            pos++;
            return true;
        }
        return false;
    }

    /** Steps over a run of ASCII digits; false when there was none. */
    private boolean digits() {
        int from = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        return pos > from;
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw fail("Unexpected token");
        }
        pos += word.length();
        return value;
    }

    private void expect(char ch) {
        if (peek() != ch) {
            throw fail("Expected '" + ch + "'");
        }
        pos++;
    }

    private char peek() {
        if (pos >= text.length()) {
            throw fail("Unexpected end of input");
        }
        return text.charAt(pos);
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char ch = text.charAt(pos);
            if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') {
                return;
            }
            pos++;
        }
    }

    private IllegalArgumentException fail(String why) {
        return new IllegalArgumentException(why + " at offset " + pos);
    }

    // ------------------------------------------------------------------ writing

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence) {
            quote(value.toString(), out);
        } else if (value instanceof Boolean) {
            out.append(value.toString());
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            // JSON has no NaN or infinities.
            out.append(Double.isNaN(number) || Double.isInfinite(number) ? "null" : value.toString());
        } else if (value instanceof Number) {
            out.append(value.toString());
        } else if (value instanceof Map) {
            String separator = "{";
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                out.append(separator);
                separator = ",";
                quote(String.valueOf(entry.getKey()), out);
                out.append(':');
                write(entry.getValue(), out);
            }
            out.append(separator.equals("{") ? "{}" : "}");
        } else if (value instanceof Iterable) {
            String separator = "[";
            for (Object item : (Iterable<?>) value) {
                out.append(separator);
                separator = ",";
                write(item, out);
            }
            out.append(separator.equals("[") ? "[]" : "]");
        } else {
            quote(value.toString(), out);
        }
    }

    private static void quote(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            int simple = ch == '/' ? -1 : PLAIN.indexOf(ch); // "/" may stay as it is
            if (simple >= 0) {
                out.append('\\').append(ESCAPED.charAt(simple));
            } else if (ch < 0x20 || ch == '\u2028' || ch == '\u2029') {
                out.append(String.format("\\u%04x", (int) ch));
            } else {
                out.append(ch);
            }
        }
        out.append('"');
    }
}
