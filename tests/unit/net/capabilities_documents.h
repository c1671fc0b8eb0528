#pragma once

// Capabilities documents for tst_capabilities, in a header of their own: moc does not read raw string
// literals holding '#' and would miss the test class beside them.
#include <string>

namespace {

const char *header = R"(<?xml version="1.0" encoding="UTF-8"?>
<vosi:capabilities xmlns:vosi="http://www.ivoa.net/xml/VOSICapabilities/v1.0"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1">
  <capability standardID="ivo://ivoa.net/std/VOSI#capabilities">
    <interface xsi:type="vs:ParamHTTP" role="std"><accessURL use="full">https://h/svc/capabilities</accessURL></interface>
  </capability>
)";

// torkeep's layout: one interface per capability, every method on one URL.
std::string torkeep()
{
    return std::string(header) + R"(
  <capability standardID="vos://cadc.nrc.ca~vospace/CADC/std/CAOM2Repository#obs-1.2">
    <interface xsi:type="vs:ParamHTTP" role="std">
      <accessURL use="base"> https://h/svc/observations </accessURL>
      <securityMethod/>
      <securityMethod standardID="ivo://ivoa.net/sso#cookie"/>
      <securityMethod standardID="ivo://ivoa.net/sso#tls-with-certificate"/>
      <securityMethod standardID="ivo://ivoa.net/sso#token"/>
    </interface>
  </capability>
  <capability standardID="vos://cadc.nrc.ca~vospace/CADC/std/CAOM2Repository#obs-1.1">
    <interface xsi:type="vs:ParamHTTP" role="std"><accessURL use="base">https://h/svc/obs23</accessURL></interface>
  </capability>
  <capability standardID="vos://cadc.nrc.ca~vospace/CADC/std/CAOM2Repository#del-1.0">
    <interface xsi:type="vs:ParamHTTP" role="std">
      <accessURL use="base">https://h/svc/deletions</accessURL>
      <securityMethod/>
      <securityMethod standardID="ivo://ivoa.net/sso#tls-with-certificate"/>
    </interface>
  </capability>
</vosi:capabilities>)";
}

// The older CADC layout: obs-1.1 only, one URL per method.
std::string legacy()
{
    return std::string(header) + R"(
  <capability standardID="vos://cadc.nrc.ca~vospace/CADC/std/CAOM2Repository#obs-1.1">
    <interface xsi:type="vs:ParamHTTP" role="std"><accessURL use="base">https://h/caom2repo/obs23</accessURL></interface>
    <interface xsi:type="vs:ParamHTTP" role="std">
      <accessURL use="base">https://h/caom2repo/auth-obs23</accessURL>
      <securityMethod standardID="ivo://ivoa.net/sso#tls-with-certificate"/>
    </interface>
  </capability>
</vosi:capabilities>)";
}

std::string certificateOnly()
{
    return std::string(header) + R"(
  <capability standardID="vos://cadc.nrc.ca~vospace/CADC/std/CAOM2Repository#obs-1.2">
    <interface xsi:type="vs:ParamHTTP" role="std">
      <accessURL use="base">https://h/svc/observations</accessURL>
      <securityMethod standardID="ivo://ivoa.net/sso#tls-with-certificate"/>
    </interface>
  </capability>
</vosi:capabilities>)";
}

} // namespace
