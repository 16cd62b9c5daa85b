using System.Buffers.Binary;
using System.Text;

namespace SpatialMe.Models;

/// <summary>
/// The part of Python's pickle format (protocols 2–4) that <c>torch.save</c> writes for a state dict: dicts, lists,
/// tuples, strings, numbers, globals, REDUCE/BUILD and persistent ids. It builds plain .NET values — <c>string</c>,
/// <c>long</c>, <c>double</c>, <c>bool</c>, <c>null</c>, <c>object?[]</c> (tuple), <c>List&lt;object?&gt;</c>,
/// <see cref="PickleDict"/>, <see cref="PickleGlobal"/> — and hands globals being called and persistent ids to the
/// caller, so nothing in the file can run code. Anything else is refused with the opcode and its position.
/// </summary>
internal sealed class PickleReader(
    byte[] data,
    Func<PickleGlobal, object?[], object?> call,
    Func<object?, object?> persistentLoad)
{
    private readonly Stack<object?> stack = new();
    private readonly Stack<int> marks = new();
    private readonly Dictionary<long, object?> memo = [];
    private int position;

    /// <summary>Runs the pickle to its STOP and returns the value it leaves.</summary>
    public object? Load()
    {
        while (true)
        {
            if (position >= data.Length)
            {
                throw new InvalidDataException("the pickle ends before its STOP opcode");
            }

            var at = position;
            var op = data[position++];
            switch (op)
            {
                case 0x80: position++; break; // PROTO n
                case 0x95: position += 8; break; // FRAME length (protocol 4): frames are read as one stream
                case (byte)'.': return stack.Pop(); // STOP
                case (byte)'(': marks.Push(stack.Count); break; // MARK
                case (byte)'}': stack.Push(new PickleDict()); break; // EMPTY_DICT
                case (byte)']': stack.Push(new List<object?>()); break; // EMPTY_LIST
                case (byte)')': stack.Push(Array.Empty<object?>()); break; // EMPTY_TUPLE
                case (byte)'t': stack.Push(PopMark()); break; // TUPLE
                case 0x85: stack.Push(new[] { stack.Pop() }); break; // TUPLE1
                case 0x86: { var b = stack.Pop(); var a = stack.Pop(); stack.Push(new[] { a, b }); break; } // TUPLE2
                case 0x87: { var c = stack.Pop(); var b = stack.Pop(); var a = stack.Pop(); stack.Push(new[] { a, b, c }); break; } // TUPLE3
                case (byte)'q': memo[data[position++]] = stack.Peek(); break; // BINPUT
                case (byte)'r': memo[ReadUInt32()] = stack.Peek(); break; // LONG_BINPUT
                case 0x94: memo[memo.Count] = stack.Peek(); break; // MEMOIZE
                case (byte)'h': stack.Push(Memo(data[position++], at)); break; // BINGET
                case (byte)'j': stack.Push(Memo(ReadUInt32(), at)); break; // LONG_BINGET
                case (byte)'N': stack.Push(null); break; // NONE
                case 0x88: stack.Push(true); break; // NEWTRUE
                case 0x89: stack.Push(false); break; // NEWFALSE
                case (byte)'K': stack.Push((long)data[position++]); break; // BININT1
                case (byte)'M': stack.Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break; // BININT2
                case (byte)'J': stack.Push((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break; // BININT
                case 0x8a: stack.Push(ReadLong(data[position++], at)); break; // LONG1
                case 0x8b: stack.Push(ReadLong(ReadUInt32(), at)); break; // LONG4
                case (byte)'G': stack.Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break; // BINFLOAT
                case (byte)'X': stack.Push(Encoding.UTF8.GetString(Take(ReadUInt32()))); break; // BINUNICODE
                case 0x8c: stack.Push(Encoding.UTF8.GetString(Take(data[position++]))); break; // SHORT_BINUNICODE
                case (byte)'U': stack.Push(Encoding.Latin1.GetString(Take(data[position++]))); break; // SHORT_BINSTRING
                case (byte)'T': stack.Push(Encoding.Latin1.GetString(Take(ReadUInt32()))); break; // BINSTRING
                case (byte)'C': stack.Push(Take(data[position++]).ToArray()); break; // SHORT_BINBYTES
                case (byte)'B': stack.Push(Take(ReadUInt32()).ToArray()); break; // BINBYTES
                case (byte)'c': stack.Push(new PickleGlobal(ReadLine(), ReadLine())); break; // GLOBAL
                case 0x93: { var name = (string)stack.Pop()!; stack.Push(new PickleGlobal((string)stack.Pop()!, name)); break; } // STACK_GLOBAL
                case (byte)'Q': stack.Push(persistentLoad(stack.Pop())); break; // BINPERSID
                case (byte)'R': // REDUCE
                case 0x81: // NEWOBJ
                {
                    var args = stack.Pop() as object?[] ?? throw Refuse(at, "call arguments that are not a tuple");
                    var callee = stack.Pop() as PickleGlobal ?? throw Refuse(at, "a call of something that is not a global");
                    stack.Push(call(callee, args));
                    break;
                }

                case (byte)'b': // BUILD: an object's state. A state dict's only one is OrderedDict's _metadata, not needed.
                {
                    stack.Pop();
                    if (stack.Peek() is not PickleDict)
                    {
                        throw Refuse(at, "setting the state of an object that is not a dict");
                    }

                    break;
                }

                case (byte)'s': { var value = stack.Pop(); var key = stack.Pop(); Dict(at)[key!] = value; break; } // SETITEM
                case (byte)'u': // SETITEMS
                {
                    var items = PopMark();
                    var dict = Dict(at);
                    for (var i = 0; i + 1 < items.Length; i += 2)
                    {
                        dict[items[i]!] = items[i + 1];
                    }

                    break;
                }

                case (byte)'a': { var value = stack.Pop(); List(at).Add(value); break; } // APPEND
                case (byte)'e': { var items = PopMark(); List(at).AddRange(items); break; } // APPENDS
                default:
                    throw Refuse(at, $"opcode 0x{op:x2}");
            }
        }
    }

    private object?[] PopMark()
    {
        var mark = marks.Pop();
        var items = new object?[stack.Count - mark];
        for (var i = items.Length - 1; i >= 0; i--)
        {
            items[i] = stack.Pop();
        }

        return items;
    }

    private object? Memo(long key, int at) =>
        memo.TryGetValue(key, out var value) ? value : throw Refuse(at, $"a memo entry {key} that was never stored");

    private PickleDict Dict(int at) => stack.Peek() as PickleDict ?? throw Refuse(at, "setting items on something that is not a dict");

    private List<object?> List(int at) => stack.Peek() as List<object?> ?? throw Refuse(at, "appending to something that is not a list");

    private ReadOnlySpan<byte> Take(long count)
    {
        if (count < 0 || position + count > data.Length)
        {
            throw new InvalidDataException($"the pickle is truncated at byte {position}");
        }

        var span = data.AsSpan(position, (int)count);
        position += (int)count;
        return span;
    }

    private long ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    private long ReadLong(long length, int at)
    {
        var bytes = Take(length);
        if (length > 8)
        {
            throw Refuse(at, $"an integer of {length} bytes");
        }

        long value = 0;
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            value = (value << 8) | bytes[i];
        }

        // Two's complement: sign-extend from the top byte written.
        return length is > 0 and < 8 && (bytes[^1] & 0x80) != 0 ? value - (1L << (int)(8 * length)) : value;
    }

    private string ReadLine()
    {
        var end = Array.IndexOf(data, (byte)'\n', position);
        if (end < 0)
        {
            throw new InvalidDataException($"the pickle is truncated at byte {position}");
        }

        var line = Encoding.UTF8.GetString(data, position, end - position);
        position = end + 1;
        return line;
    }

    private static InvalidDataException Refuse(int at, string what) =>
        new($"unsupported pickle content at byte {at}: {what} (a torch.save state dict holds none)");
}

/// <summary>A pickled dict (or OrderedDict), in insertion order.</summary>
internal sealed class PickleDict : Dictionary<object, object?>;

/// <summary>A reference to a Python global (<c>module.name</c>) that the pickle names.</summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}
