namespace Hashdance.NicIo.Tests;

internal static class AsyncDisposableExtensions
{
    public static AsyncDisposableBox<T> AsAsyncDisposable<T>(this T value) where T : IDisposable => new(value);
}

internal sealed class AsyncDisposableBox<T>(T value) : IAsyncDisposable where T : IDisposable
{
    public T Value { get; } = value;

    public ValueTask DisposeAsync()
    {
        Value.Dispose();
        return ValueTask.CompletedTask;
    }
}
