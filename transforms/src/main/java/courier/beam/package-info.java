/** Small Beam building blocks the courier's transforms share. */
package courier.beam;
