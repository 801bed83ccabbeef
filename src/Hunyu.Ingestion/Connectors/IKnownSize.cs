namespace Hunyu.Ingestion.Connectors;

/// <summary>A connector that knows up front how much it will read, so progress can show a percentage.</summary>
public interface IKnownSize
{
    /// <summary>Items that will be read.</summary>
    int Items { get; }

    /// <summary>Bytes that will be read.</summary>
    long Bytes { get; }
}
