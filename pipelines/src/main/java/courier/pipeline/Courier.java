package courier.pipeline; public final class Courier { public static void main(String[] a) {} }
