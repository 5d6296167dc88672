export { openGeoIp, type GeoIp, type GeoIpOptions, type IpInfo } from './geoip';
