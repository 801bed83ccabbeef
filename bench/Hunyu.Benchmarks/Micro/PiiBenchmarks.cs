using BenchmarkDotNet.Attributes;
using Hunyu.Ingestion.Governance.Pii;

namespace Hunyu.Benchmarks.Micro;

/// <summary>PiiDetector.Find on 100 KB of statute text, without PII and with a form full of it every 2 KB.</summary>
[MemoryDiagnoser]
public class PiiBenchmarks
{
    private const string Form =
        "姓名：张三，身份证号：110105199003071239，手机：138-1234-5678，邮箱：zhang.san@example.com，" +
        "银行卡：6222021234567890128，地址：北京市海淀区中关村大街27号，IP：192.168.1.10。";

    private string _plain = string.Empty;
    private string _dense = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _plain = MicroData.Text(100 * 1024);
        var every = 2 * 1024 / 3;
        _dense = string.Concat(Enumerable.Range(0, _plain.Length / every).Select(i => string.Concat(_plain.AsSpan(i * every, every), Form)));
    }

    [Benchmark(Description = "PiiDetector.Find, 100 KB statutes")]
    public int FindPlain() => PiiDetector.Default.Find(_plain).Count;

    [Benchmark(Description = "PiiDetector.Find, 100 KB statutes + a PII form every 2 KB")]
    public int FindDense() => PiiDetector.Default.Find(_dense).Count;

    [Benchmark(Description = "PiiMasker.Apply (default policy), same text")]
    public int Mask() => PiiMasker.Apply(_dense, PiiDetector.Default.Find(_dense), PiiPolicy.Default).Masked;
}
