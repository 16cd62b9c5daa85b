using System.Globalization;
using System.Text.Json;

namespace SpatialMe.Host.Tests;

/// <summary>A Server-Sent Events client over a real HTTP response: reads <c>id</c>, <c>event</c> and <c>data</c> fields as a browser's EventSource does.</summary>
internal sealed class EventStreamReader : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStreamReader(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body);
    }

    public HttpResponseMessage Response => _response;

    public static async Task<EventStreamReader> OpenAsync(HttpClient http, string path, long? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is { } last)
        {
            request.Headers.Add("Last-Event-ID", last.ToString(CultureInfo.InvariantCulture));
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new EventStreamReader(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event (comments and <c>retry:</c> skipped), or null when the stream ends or <paramref name="timeout"/> passes.</summary>
    public async Task<SseEvent?> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        string? id = null, type = null, data = null;
        try
        {
            while (await _reader.ReadLineAsync(cancel.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data is not null)
                    {
                        return new SseEvent(id is null ? null : long.Parse(id, CultureInfo.InvariantCulture), type ?? "message", JsonDocument.Parse(data).RootElement.Clone());
                    }

                    continue;
                }

                if (line.StartsWith(':'))
                {
                    continue;
                }

                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var field = colon < 0 ? line : line[..colon];
                var value = colon < 0 ? string.Empty : line[(colon + 1)..].TrimStart(' ');
                switch (field)
                {
                    case "id":
                        id = value;
                        break;
                    case "event":
                        type = value;
                        break;
                    case "data":
                        data = data is null ? value : data + "\n" + value;
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }

        return null;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }
}

internal sealed record SseEvent(long? Id, string Type, JsonElement Data)
{
    public string? Job => Data.TryGetProperty("job", out var job) ? job.GetString() : null;

    public string? State => Data.TryGetProperty("state", out var state) ? state.GetString() : null;
}
