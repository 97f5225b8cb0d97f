import ExcelJS from "exceljs";
async function tryLoad(name: string, data: Buffer) {
  const wb = new ExcelJS.Workbook();
  try { await wb.xlsx.load(data as any, { ignoreNodes: ["dataValidations"], maxRows: 10 } as any); console.log(name, "ok", wb.worksheets.length); }
  catch (e) { console.log(name, "threw", (e as Error).message); }
}
process.on("unhandledRejection", (e) => console.log("UNHANDLED", e));
await tryLoad("empty", Buffer.alloc(0));
await tryLoad("random", Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 37) % 256)));
await tryLoad("csv", Buffer.from("a,b,c\n1,2,3\n"));
const wb = new ExcelJS.Workbook(); const ws = wb.addWorksheet("x");
for (let i = 1; i <= 20; i++) ws.addRow(["a" + i, new Date(Date.UTC(2021, 6, 15)), 5, { formula: "1+1", result: 2 }]);
ws.getCell("E1").value = { richText: [{ text: "ab" }, { text: "cd" }] };
const buf = Buffer.from(await wb.xlsx.writeBuffer());
await tryLoad("toomany", buf);
const w2 = new ExcelJS.Workbook(); await w2.xlsx.load(buf as any);
const r = w2.worksheets[0].getRow(1); console.log(r.values);
// zip but not xlsx
const JSZip = (await import("jszip")).default; const z = new JSZip(); z.file("hello.txt", "hi");
await tryLoad("zip", await z.generateAsync({ type: "nodebuffer" }));
await tryLoad("truncated", buf.subarray(0, buf.length / 2));
console.log("done");
