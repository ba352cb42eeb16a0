// Seed: 003_838e0e92530b13f6.txt (netstack's README, zh), section "Http接口说明", "示例".
// Verbatim except for restored line breaks and indentation. The scheme-less address
// (www.example.com) is the seed's own (curl takes it as http://): the e2e suite, the Node
// tests and the preview swap it for a loopback server, scheme-less too. Not type-checked
// as the device's ArkTS: the examples are TypeScript written against the device SDK.

import http from "@ohos.net.http"

let httpRequest = http.createHttp()
httpRequest.request("www.example.com", function (err, data) {
  console.log(JSON.stringify(err))
  console.log(JSON.stringify(data))
})
