"""Sources: folders, zip and tar read in memory, and every crafted archive refused loudly."""

from __future__ import annotations

import io
import os
import stat
import tarfile
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest

from kehoach_parser import read
from kehoach_parser.batch import sources
from kehoach_parser.batch.sources import Doc, walk

TEXT = "KẾ HOẠCH\nCải cách hành chính năm 2024\n".encode()


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return buf.getvalue()


def _tar(entries: list[tarfile.TarInfo | tuple[str, bytes]], mode: str = "w:gz") -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as tf:
        for e in entries:
            if isinstance(e, tarfile.TarInfo):
                tf.addfile(e)
            else:
                info = tarfile.TarInfo(e[0])
                info.size = len(e[1])
                tf.addfile(info, io.BytesIO(e[1]))
    return buf.getvalue()


def _docs(tmp_path: Path, name: str, data: bytes, glob: str = "*.txt") -> list[Doc]:
    p = tmp_path / name
    p.write_bytes(data)
    return list(walk([str(p)], glob))


def _by_member(docs: list[Doc]) -> dict[str | None, Doc]:
    return {d.member: d for d in docs}


def test_folder_is_walked_recursively_with_glob_and_archives(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_bytes(TEXT)
    (tmp_path / "a" / "b" / "two.TXT").write_bytes(TEXT)  # the glob ignores case
    (tmp_path / "a" / "notes.md").write_bytes(b"not taken")
    (tmp_path / "a" / "b" / "more.zip").write_bytes(_zip([("three.txt", TEXT)]))
    docs = list(walk([str(tmp_path / "a")], "*.txt"))
    got = sorted((Path(d.input).name, d.member) for d in docs)
    assert got == [("more.zip", "three.txt"), ("one.txt", None), ("two.TXT", None)]
    assert all(d.data == TEXT and d.sha256 for d in docs)


def test_output_paths_are_not_taken_as_inputs(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_bytes(TEXT)
    (tmp_path / "out.txt").write_bytes(TEXT)
    docs = list(walk([str(tmp_path)], "*.txt", exclude=[str(tmp_path / "out.txt")]))
    assert [Path(d.input).name for d in docs] == ["one.txt"]


def test_missing_input_is_an_error_record() -> None:
    [doc] = walk(["/nonexistent/plan.txt"], "*.txt")
    assert doc.error_type == "InputError" and "no such file" in (doc.error or "")


@pytest.mark.parametrize("mode", ["w", "w:gz", "w:bz2", "w:xz"])
def test_tar_in_every_compression(tmp_path: Path, mode: str) -> None:
    suffix = {"w": ".tar", "w:gz": ".tar.gz", "w:bz2": ".tar.bz2", "w:xz": ".tar.xz"}[mode]
    docs = _docs(tmp_path, "plans" + suffix, _tar([("d/p1.txt", TEXT), ("p2.txt", TEXT)], mode))
    assert sorted(d.member for d in docs) == ["d/p1.txt", "p2.txt"]
    assert all(d.data == TEXT for d in docs)


@pytest.mark.parametrize("name", ["../evil.txt", "a/../../evil.txt", "/etc/evil.txt",
                                  "C:\\evil.txt", "..\\evil.txt"])
def test_member_paths_leaving_the_archive_are_refused(tmp_path: Path, name: str) -> None:
    docs = _by_member(_docs(tmp_path, "x.zip", _zip([(name, TEXT), ("ok.txt", TEXT)])))
    assert docs["ok.txt"].data == TEXT
    bad = docs[name]
    assert bad.data is None and bad.error_type == "ArchiveError" and "leaves" in (bad.error or "")
    assert not (tmp_path.parent / "evil.txt").exists()


def test_tar_absolute_and_dotdot_members_refused(tmp_path: Path) -> None:
    docs = _by_member(_docs(tmp_path, "x.tar.gz", _tar([("/abs.txt", TEXT),
                                                        ("../up.txt", TEXT)])))
    assert {m: d.error_type for m, d in docs.items()} == {"/abs.txt": "ArchiveError",
                                                          "../up.txt": "ArchiveError"}


def test_symlinks_and_hardlinks_are_refused_not_followed(tmp_path: Path) -> None:
    sym = tarfile.TarInfo("link.txt")
    sym.type, sym.linkname = tarfile.SYMTYPE, "/etc/passwd"
    hard = tarfile.TarInfo("hard.txt")
    hard.type, hard.linkname = tarfile.LNKTYPE, "real.txt"
    docs = _by_member(_docs(tmp_path, "x.tar", _tar([("real.txt", TEXT), sym, hard], "w")))
    assert docs["real.txt"].data == TEXT
    for m in ("link.txt", "hard.txt"):
        assert docs[m].data is None and "link" in (docs[m].error or "")


def test_zip_symlink_member_is_refused(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo("link.txt")
        info.create_system = 3
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    [doc] = _docs(tmp_path, "x.zip", buf.getvalue())
    assert doc.data is None and "link" in (doc.error or "")


def test_member_over_the_size_limit_refused_from_its_header(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read, "MAX_INPUT_BYTES", 1000)
    docs = _by_member(_docs(tmp_path, "x.zip", _zip([("big.txt", b"a " * 1000),
                                                     ("ok.txt", TEXT)])))
    assert docs["big.txt"].error_type == "InputError" and "limit" in (docs["big.txt"].error or "")
    assert docs["ok.txt"].data == TEXT


def test_zip_bomb_refused_by_ratio_without_inflating(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "RATIO_FLOOR", 10_000)
    bomb = b"\0" * 5_000_000  # deflates ~1000x
    docs = _by_member(_docs(tmp_path, "x.zip", _zip([("bomb.txt", bomb), ("ok.txt", TEXT)])))
    assert "bomb" in (docs["bomb.txt"].error or "")
    assert docs["ok.txt"].data == TEXT


def test_archive_budget_stops_a_many_member_bomb(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "RATIO_FLOOR", 0)
    monkeypatch.setattr(sources, "MAX_RATIO", 2)  # budget: twice the file's size
    members = [(f"p{i}.txt", b"x" * 20_000) for i in range(50)]
    docs = _docs(tmp_path, "x.tar.gz", _tar(members))
    assert docs[-1].member is None and "refused the rest" in (docs[-1].error or "")
    assert 0 < len(docs) < 50


def test_nested_archives_opened_to_depth_two(tmp_path: Path) -> None:
    inner = _zip([("deep.txt", TEXT)])
    middle = _zip([("in.txt", TEXT), ("inner.zip", inner)])
    outer = _zip([("top.txt", TEXT), ("middle.zip", middle),
                  ("t.tar.gz", _tar([("t.txt", TEXT)]))])
    docs = _by_member(_docs(tmp_path, "outer.zip", outer))
    assert docs["top.txt"].data == docs["middle.zip/in.txt"].data == TEXT
    assert docs["t.tar.gz/t.txt"].data == TEXT
    too_deep = docs["middle.zip/inner.zip"]
    assert too_deep.data is None and "nested deeper" in (too_deep.error or "")
    assert "middle.zip/inner.zip/deep.txt" not in docs


def test_damaged_nested_archive_is_one_record_and_the_rest_goes_on(tmp_path: Path) -> None:
    outer = _zip([("broken.zip", b"PK\x03\x04 not really"), ("ok.txt", TEXT)])
    docs = _by_member(_docs(tmp_path, "outer.zip", outer))
    assert docs["broken.zip"].error_type == "ArchiveError"
    assert docs["ok.txt"].data == TEXT


def test_duplicate_member_names_are_each_kept(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf, pytest.warns(UserWarning, match="Duplicate"):
        zf.writestr("same.txt", TEXT)
        zf.writestr("same.txt", TEXT + b"second\n")
    docs = _docs(tmp_path, "x.zip", buf.getvalue())
    assert [d.member for d in docs] == ["same.txt", "same.txt"]
    assert docs[0].data != docs[1].data


def test_corrupt_and_truncated_archives(tmp_path: Path) -> None:
    [doc] = _docs(tmp_path, "fake.zip", b"this is not a zip")
    assert doc.member is None and doc.error_type == "ArchiveError"
    data = _tar([(f"p{i}.txt", TEXT * 200) for i in range(5)])
    docs = _docs(tmp_path, "cut.tar.gz", data[: len(data) // 2])
    assert docs[-1].error_type == "ArchiveError" and docs[-1].member is None
    assert all(d.data is not None for d in docs[:-1])


def test_macos_resource_forks_skipped(tmp_path: Path) -> None:
    docs = _docs(tmp_path, "x.zip", _zip([("__MACOSX/._p.txt", b"\0\5\26\7"), ("p.txt", TEXT)]))
    assert [d.member for d in docs] == ["p.txt"]


def test_sparse_200_mib_file_refused_in_bounded_memory(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:
        fh.truncate(200 * 2**20)  # sparse: costs no disk
    tracemalloc.start()
    try:
        [doc] = walk([str(big)], "*.txt")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert doc.data is None and doc.error_type == "InputError"
    assert "50 MiB limit" in (doc.error or "")
    assert peak < read.MAX_INPUT_BYTES + 8 * 2**20  # read limit+1 bytes, never 200 MiB


def test_a_folder_that_cannot_be_listed_is_an_error_record(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "ok.txt").write_bytes(TEXT)
    real = os.scandir
    locked = str(tmp_path / "locked")

    def scandir(path: Any) -> Any:  # chmod 000 does not stop root, so refuse here
        if str(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    docs = list(walk([str(tmp_path)], "*.txt"))
    assert sorted((Path(d.input).name, d.error_type) for d in docs) == [
        ("locked", "InputError"), ("ok.txt", None)]


def test_count_matches_walk_for_folders_and_zips_and_gives_up_on_tars(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_bytes(TEXT)
    (tmp_path / "sub" / "b.txt").write_bytes(TEXT)
    (tmp_path / "x.zip").write_bytes(_zip([("c.txt", TEXT), ("d.txt", TEXT), ("e.md", TEXT)]))
    (tmp_path / "broken.zip").write_bytes(b"not a zip")
    inputs = [str(tmp_path), str(tmp_path / "missing.txt")]
    assert sources.count(inputs, "*.txt") == len(list(walk(inputs, "*.txt"))) == 6
    (tmp_path / "y.tar.gz").write_bytes(_tar([("f.txt", TEXT)]))
    assert sources.count(inputs, "*.txt") is None


def test_zip_with_a_huge_directory_refused_before_it_is_loaded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "MAX_ZIP_DIRECTORY_BYTES", 2000)
    many = _zip([(f"e{i:04d}.txt", b"") for i in range(100)])  # ~5 KB of directory
    [doc] = _docs(tmp_path, "many.zip", many)
    assert doc.member is None and "directory" in (doc.error or "")
    assert len(_docs(tmp_path, "few.zip", _zip([("a.txt", TEXT)]))) == 1
