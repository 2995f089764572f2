using System.Buffers;

namespace AiBudgetBot.Http;

/// <summary>Reads a request body whole, refusing (413) one over the limit before it is parsed.</summary>
public static class RequestBody
{
    public const int MaxBytes = 4 * 1024 * 1024;

    /// <returns>The bytes, or null when the body is larger than <see cref="MaxBytes"/>.</returns>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 16 * 1024, MaxBytes) + 1);
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
            var read = await request.Body.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > MaxBytes)
            {
                return null;
            }
        }
    }
}
