namespace Hunyu.Models.Gateway;

/// <summary>A slot of one model, held while its call runs; disposing it gives the slot to the next queued request.</summary>
/// <remarks>Dispose exactly once is not required: later disposals do nothing.</remarks>
public sealed class ModelLease : IDisposable
{
    private readonly Action _release;
    private int _released;

    internal ModelLease(string model, TimeSpan queueTime, Action release)
    {
        Model = model;
        QueueTime = queueTime;
        _release = release;
    }

    /// <summary>The model whose slot this is.</summary>
    public string Model { get; }

    /// <summary>How long the request waited for the slot.</summary>
    public TimeSpan QueueTime { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _release();
        }
    }
}
