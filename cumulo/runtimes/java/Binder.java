package cumulo.runtime;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Between JSON values (what Json reads and writes) and the Java types a handler declares.
 *
 * Into Java (`fromJson`): Object keeps the plain value (a Map for an object); String,
 * the boxed and primitive numbers, Boolean, char, BigDecimal/BigInteger and enums
 * (by name) convert leniently ("5" for an int, as Lambda's Jackson does); arrays,
 * Collections and Maps convert their items to their declared type arguments; a
 * record is built through its canonical constructor; any other class through its
 * no-argument constructor, then setters (`setName`) or public fields, matching member
 * names exactly, else ignoring case. Unknown members are ignored.
 *
 * Out of Java (`toJson`): plain values as they are, enums by name, byte[] as base64,
 * Dates as epoch milliseconds, other `java.*` values by toString, records by their
 * components, other objects by their getters (`getX`, `isX`) and public fields.
 */
final class Binder {
    private static final int MAX_DEPTH = 200;

    private Binder() {
    }

    // ------------------------------------------------------------------ JSON -> Java

    static Object fromJson(Object value, Type type) {
        Class<?> raw = rawClass(type);
        if (value == null) {
            return raw.isPrimitive() ? scalar(Integer.valueOf(0), raw) : null;
        }
        if (raw == Object.class) {
            return value;
        }
        if (raw == String.class || raw == CharSequence.class) {
            return value instanceof Map || value instanceof List ? Json.write(value) : String.valueOf(value);
        }
        if (raw.isPrimitive() || Number.class.isAssignableFrom(raw) || raw == Boolean.class || raw == Character.class) {
            return scalar(value, raw);
        }
        if (raw.isEnum()) {
            return enumConstant(raw, String.valueOf(value));
        }
        if (raw.isArray()) {
            List<?> items = listOf(value, raw);
            Type component = type instanceof GenericArrayType ? ((GenericArrayType) type).getGenericComponentType() : raw.getComponentType();
            Object array = Array.newInstance(raw.getComponentType(), items.size());
            for (int i = 0; i < items.size(); i++) {
                Array.set(array, i, fromJson(items.get(i), component));
            }
            return array;
        }
        if (Collection.class.isAssignableFrom(raw)) {
            Collection<Object> collection = newCollection(raw, argument(type, 0));
            for (Object item : listOf(value, raw)) {
                collection.add(fromJson(item, argument(type, 0)));
            }
            return collection;
        }
        if (Map.class.isAssignableFrom(raw)) {
            if (!(value instanceof Map)) {
                throw mismatch(value, raw);
            }
            Map<Object, Object> map = newMap(raw);
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                map.put(fromJson(entry.getKey(), argument(type, 0)), fromJson(entry.getValue(), argument(type, 1)));
            }
            return map;
        }
        if (value instanceof Map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> members = (Map<String, Object>) value;
            return Records.isRecord(raw) ? Records.build(raw, members) : bean(raw, members);
        }
        throw mismatch(value, raw);
    }

    private static Object scalar(Object value, Class<?> raw) {
        Class<?> type = boxed(raw);
        if (type == Boolean.class) {
            if (value instanceof Boolean) {
                return value;
            }
            if (value instanceof Number) {
                return Boolean.valueOf(((Number) value).doubleValue() != 0);
            }
            return Boolean.valueOf(String.valueOf(value).trim());
        }
        if (type == Character.class) {
            String text = String.valueOf(value);
            if (text.length() != 1) {
                throw mismatch(value, raw);
            }
            return Character.valueOf(text.charAt(0));
        }
        if (value instanceof Boolean || value instanceof Map || value instanceof List) {
            throw mismatch(value, raw);
        }
        String text = String.valueOf(value).trim();
        try {
            BigDecimal number = new BigDecimal(text);
            if (type == Integer.class) return Integer.valueOf(number.intValue());
            if (type == Long.class) return Long.valueOf(number.longValue());
            if (type == Double.class) return Double.valueOf(number.doubleValue());
            if (type == Float.class) return Float.valueOf(number.floatValue());
            if (type == Short.class) return Short.valueOf(number.shortValue());
            if (type == Byte.class) return Byte.valueOf(number.byteValue());
            if (type == BigInteger.class) return number.toBigInteger();
            if (type == BigDecimal.class) return number;
            if (type == Number.class) return value instanceof Number ? value : number;
        } catch (NumberFormatException e) {
            throw mismatch(value, raw);
        }
        throw mismatch(value, raw);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumConstant(Class<?> raw, String name) {
        for (Object constant : raw.getEnumConstants()) {
            if (((Enum) constant).name().equals(name)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("Cannot deserialize value of type " + raw.getName() + " from String \"" + name + "\": not one of the values accepted for Enum class");
    }

    private static List<?> listOf(Object value, Class<?> raw) {
        if (value instanceof List) {
            return (List<?>) value;
        }
        throw mismatch(value, raw);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Collection<Object> newCollection(Class<?> raw, Type item) {
        if (!raw.isInterface() && !Modifier.isAbstract(raw.getModifiers())) {
            return (Collection<Object>) construct(raw);
        }
        if (EnumSet.class.isAssignableFrom(raw)) {
            return (Collection) EnumSet.noneOf((Class) rawClass(item));
        }
        if (SortedSet.class.isAssignableFrom(raw)) {
            return new TreeSet<Object>();
        }
        if (java.util.Set.class.isAssignableFrom(raw)) {
            return new LinkedHashSet<Object>();
        }
        return new ArrayList<Object>();
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> newMap(Class<?> raw) {
        if (!raw.isInterface() && !Modifier.isAbstract(raw.getModifiers())) {
            return (Map<Object, Object>) construct(raw);
        }
        return SortedMap.class.isAssignableFrom(raw) ? new TreeMap<Object, Object>() : new LinkedHashMap<Object, Object>();
    }

    private static Object bean(Class<?> raw, Map<String, Object> members) {
        Object target = construct(raw);
        for (Map.Entry<String, Object> member : members.entrySet()) {
            Method setter = setter(raw, member.getKey());
            try {
                if (setter != null) {
                    setter.invoke(target, fromJson(member.getValue(), setter.getGenericParameterTypes()[0]));
                    continue;
                }
                Field field = publicField(raw, member.getKey());
                if (field != null) {
                    field.set(target, fromJson(member.getValue(), field.getGenericType()));
                }
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw new IllegalArgumentException("Cannot set " + raw.getName() + "." + member.getKey() + ": " + e.getCause(), e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalArgumentException("Cannot set " + raw.getName() + "." + member.getKey(), e);
            }
        }
        return target;
    }

    private static Object construct(Class<?> raw) {
        try {
            Constructor<?> constructor = raw.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("Cannot construct instance of " + raw.getName() + ": no default constructor");
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalArgumentException("Cannot construct instance of " + raw.getName() + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("Cannot construct instance of " + raw.getName() + ": " + e, e);
        }
    }

    private static Method setter(Class<?> raw, String name) {
        Method loose = null;
        for (Method method : raw.getMethods()) {
            if (method.getParameterTypes().length != 1 || Modifier.isStatic(method.getModifiers()) || !method.getName().startsWith("set")) {
                continue;
            }
            String property = method.getName().substring(3);
            if (property.equals(capitalize(name))) {
                return method;
            }
            if (loose == null && property.equalsIgnoreCase(name)) {
                loose = method;
            }
        }
        return loose;
    }

    private static Field publicField(Class<?> raw, String name) {
        Field loose = null;
        for (Field field : raw.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) || Modifier.isFinal(field.getModifiers())) {
                continue;
            }
            if (field.getName().equals(name)) {
                return field;
            }
            if (loose == null && field.getName().equalsIgnoreCase(name)) {
                loose = field;
            }
        }
        return loose;
    }

    private static IllegalArgumentException mismatch(Object value, Class<?> raw) {
        String shown = value instanceof Map ? "an object" : value instanceof List ? "an array" : value instanceof String ? "String \"" + value + "\"" : String.valueOf(value);
        return new IllegalArgumentException("Cannot deserialize value of type " + raw.getName() + " from " + shown);
    }

    // ------------------------------------------------------------------ Java -> JSON

    static Object toJson(Object value) {
        return toJson(value, 0);
    }

    private static Object toJson(Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("Result nested too deeply (a cycle?) to serialize as JSON");
        }
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Number) {
            return value;
        }
        if (value instanceof Character || value instanceof CharSequence) {
            return value.toString();
        }
        if (value instanceof Enum) {
            return ((Enum<?>) value).name();
        }
        if (value instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<String, Object>();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                out.put(String.valueOf(entry.getKey()), toJson(entry.getValue(), depth + 1));
            }
            return out;
        }
        if (value instanceof Iterable) {
            List<Object> out = new ArrayList<Object>();
            for (Object item : (Iterable<?>) value) {
                out.add(toJson(item, depth + 1));
            }
            return out;
        }
        if (value instanceof byte[]) {
            return Base64.getEncoder().encodeToString((byte[]) value);
        }
        if (value.getClass().isArray()) {
            List<Object> out = new ArrayList<Object>();
            for (int i = 0; i < Array.getLength(value); i++) {
                out.add(toJson(Array.get(value, i), depth + 1));
            }
            return out;
        }
        if (value instanceof Date) {
            return Long.valueOf(((Date) value).getTime());
        }
        Class<?> type = value.getClass();
        if (type.getName().startsWith("java.")) {
            return value.toString();
        }
        if (Records.isRecord(type)) {
            Map<String, Object> out = new LinkedHashMap<String, Object>();
            for (Map.Entry<String, Object> component : Records.components(value).entrySet()) {
                out.put(component.getKey(), toJson(component.getValue(), depth + 1));
            }
            return out;
        }
        return properties(value, depth);
    }

    private static Map<String, Object> properties(Object value, int depth) {
        Map<String, Object> out = new TreeMap<String, Object>();
        for (Method method : value.getClass().getMethods()) {
            String name = method.getName();
            if (method.getParameterTypes().length != 0 || Modifier.isStatic(method.getModifiers()) || method.getDeclaringClass() == Object.class) {
                continue;
            }
            String property = null;
            if (name.startsWith("get") && name.length() > 3 && method.getReturnType() != void.class) {
                property = decapitalize(name.substring(3));
            } else if (name.startsWith("is") && name.length() > 2 && (method.getReturnType() == boolean.class || method.getReturnType() == Boolean.class)) {
                property = decapitalize(name.substring(2));
            }
            if (property == null) {
                continue;
            }
            try {
                method.setAccessible(true); // a public getter of a class that is not public
                out.put(property, toJson(method.invoke(value), depth + 1));
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw new IllegalStateException("Cannot serialize " + value.getClass().getName() + "." + name + "(): " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("Cannot serialize " + value.getClass().getName() + "." + name + "(): " + e, e);
            }
        }
        for (Field field : value.getClass().getFields()) {
            if (Modifier.isStatic(field.getModifiers()) || out.containsKey(field.getName())) {
                continue;
            }
            try {
                out.put(field.getName(), toJson(field.get(value), depth + 1));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("Cannot serialize " + value.getClass().getName() + "." + field.getName(), e);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ types

    static Class<?> rawClass(Type type) {
        if (type instanceof Class) {
            return (Class<?>) type;
        }
        if (type instanceof ParameterizedType) {
            return rawClass(((ParameterizedType) type).getRawType());
        }
        if (type instanceof GenericArrayType) {
            return Array.newInstance(rawClass(((GenericArrayType) type).getGenericComponentType()), 0).getClass();
        }
        if (type instanceof WildcardType) {
            return rawClass(((WildcardType) type).getUpperBounds()[0]);
        }
        if (type instanceof TypeVariable) {
            Type[] bounds = ((TypeVariable<?>) type).getBounds();
            return bounds.length == 0 ? Object.class : rawClass(bounds[0]);
        }
        return Object.class;
    }

    /** The n-th type argument of a parameterized type (Object when it has none). */
    private static Type argument(Type type, int index) {
        if (type instanceof ParameterizedType) {
            Type[] arguments = ((ParameterizedType) type).getActualTypeArguments();
            if (index < arguments.length) {
                return arguments[index];
            }
        }
        return index == 0 && Map.class.isAssignableFrom(rawClass(type)) ? String.class : Object.class;
    }

    private static Class<?> boxed(Class<?> raw) {
        if (!raw.isPrimitive()) return raw;
        if (raw == int.class) return Integer.class;
        if (raw == long.class) return Long.class;
        if (raw == double.class) return Double.class;
        if (raw == float.class) return Float.class;
        if (raw == boolean.class) return Boolean.class;
        if (raw == short.class) return Short.class;
        if (raw == byte.class) return Byte.class;
        if (raw == char.class) return Character.class;
        return raw;
    }

    private static String capitalize(String name) {
        return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** The JavaBeans rule: "Name" -> "name", but "URL" stays "URL". */
    private static String decapitalize(String name) {
        if (name.length() > 1 && Character.isUpperCase(name.charAt(0)) && Character.isUpperCase(name.charAt(1))) {
            return name;
        }
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
