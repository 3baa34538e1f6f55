#ifndef fluxion_physics_dopant_dopant_profiles_h
#define fluxion_physics_dopant_dopant_profiles_h

#include <deal.II/base/mpi_remote_point_evaluation.h>
#include <deal.II/base/point.h>

#include <fluxion/core/parsed_expression.h>
#include <fluxion/physics/dopant/wafer_process.h>
#include <fluxion/postprocess/interface.h>

#include <map>
#include <memory>

#include <vector>

namespace Fluxion
{
  using namespace dealii;

  /**
   * Process results of the dopant diffusion physics, along a depth line
   * from the surface into the substrate (in 2D and 3D at the lateral
   * position <Profile position>):
   *
   * - the temperature, and per dopant the dose (cm^-2: the integral over
   *   the domain per unit surface area) and its change since the start
   *   (changes below 1e-12 of the dose, round-off, count as 0), the
   *   mean surface concentration and
   *   the smallest concentration (cm^-3), now ("min X") and over all
   *   postprocessed steps so far ("lowest X");
   * - the depth of the first metallurgical junction below the surface,
   *   where the net doping N_D - N_A changes sign against the background
   *   (0 when there is none);
   * - the sheet resistance of the layer above that junction (or of the
   *   whole depth when there is none), 1 / (q int mu(N_tot) |N_net| dx),
   *   with full ionisation and the majority carrier's mobility (Masetti or
   *   Caughey-Thomas);
   * - on output steps, depth_profile.csv and depth_profile-NNNNN.csv
   *   (depth in um, every dopant and the net doping in cm^-3);
   * - with <Exact profiles>, the relative L2 error of each dopant along the
   *   line ("error X").
   */
  template <int dim>
  class DopantProfiles : public Postprocessor<dim>
  {
  public:
    static void
    declare_parameters(ParameterHandler &prm);

    void
    parse_parameters(ParameterHandler &prm) override;

    void
    execute(const PhysicsInterface<dim> &physics,
            Statistics                  &statistics,
            const bool                   write_files,
            const std::string           &directory) override;

    /** The doses at the first step, the lowest values so far and the file
     * counter. */
    std::vector<double>
    get_state() const override;

    void
    set_state(const std::vector<double> &state) override;

    ~DopantProfiles() override;

  private:
    /**
     * Per dopant, the sums over the surface faces of the area and of the
     * concentration (added to @p surface_area and @p surface_sum), and the
     * smallest nodal concentration (into @p minimum), on this rank.
     */
    void
    surface_sums(const PhysicsInterface<dim> &physics,
                 const WaferProcess<dim>     &wafer,
                 double                      &surface_area,
                 std::vector<double>         &surface_sum,
                 std::vector<double>         &minimum) const;

    /**
     * Per dopant: the dose and its change, the dose in the silicon (with
     * oxides), the mean surface concentration and the smallest
     * concentration, now and so far.
     */
    void
    record_doses(const PhysicsInterface<dim> &physics,
                 const WaferProcess<dim>     &wafer,
                 Statistics                  &statistics);

    /**
     * The ends of the depth line at <Profile position>: @p top at the
     * (silicon) surface, @p bottom on the far side of the domain.
     */
    void
    depth_line_ends(const PhysicsInterface<dim> &physics,
                    const WaferProcess<dim>     &wafer,
                    Point<dim>                  &top,
                    Point<dim>                  &bottom) const;

    /**
     * The concentration of every dopant (cm^-3) at the points @p pts, and
     * as a last row 1 where a point lies in an oxide, else 0. The point
     * lookup is kept in @p r until the mesh changes (@p new_mesh); errors
     * name the parameter <Postprocess/dopant profiles/@p what>.
     */
    std::vector<std::vector<double>>
    evaluate_on_line(
      const PhysicsInterface<dim>                                 &physics,
      const WaferProcess<dim>                                     &wafer,
      const std::vector<Point<dim>>                               &pts,
      const bool                                                   new_mesh,
      std::unique_ptr<Utilities::MPI::RemotePointEvaluation<dim>> &r,
      const std::string                                           &what) const;

    /**
     * 2D and 3D: "lateral junction [um]", the distance from the depth line
     * (between @p top and @p bottom) to the first junction along the first
     * axis, at <Lateral line depth>.
     */
    void
    record_lateral_junction(const PhysicsInterface<dim> &physics,
                            const WaferProcess<dim>     &wafer,
                            const Point<dim>            &top,
                            const Point<dim>            &bottom,
                            const bool                   new_mesh,
                            Statistics                  &statistics);

    /**
     * "error X": the relative L2 error of the @p profile along the depth
     * line against each of <Exact profiles>; @p um is one um in length
     * units.
     */
    void
    record_errors(const PhysicsInterface<dim>            &physics,
                  const std::vector<Point<dim>>          &points,
                  const std::vector<double>              &depth,
                  const std::vector<std::vector<double>> &profile,
                  const double                            um,
                  Statistics                             &statistics) const;

    /**
     * The sheet resistance (ohm/sq) of the layer between the silicon
     * surface (sample @p k0) and the @p junction (at depth @p junction
     * below it, before the sample @p end; 0: none, the whole line), from
     * the majority carriers' mobility; 0 when the layer conducts nothing.
     */
    double
    sheet_resistance(const WaferProcess<dim>                &wafer,
                     const std::vector<std::vector<double>> &profile,
                     const std::vector<double>              &net,
                     const std::vector<double>              &depth,
                     const unsigned int                      k0,
                     const unsigned int                      end,
                     const double                            junction) const;

    /**
     * depth_profile.csv and depth_profile-NNNNN.csv: depth (um), every
     * dopant and the net doping (cm^-3) along the depth line.
     */
    void
    write_depth_profile(const PhysicsInterface<dim>            &physics,
                        const std::vector<double>              &depth,
                        const std::vector<std::vector<double>> &profile,
                        const std::vector<double>              &net,
                        const double                            um,
                        const std::string                      &directory);

    unsigned int        n_points = 2001;
    std::vector<double> lateral_position;
    std::string         electron_mobility;
    bool                caughey_thomas = false;
    // The doses at the first call, for "dose change X".
    std::vector<double> first_dose;
    std::vector<double> lowest;
    unsigned int        count = 0;
    // The point lookup is kept while the mesh does not change.
    std::unique_ptr<Utilities::MPI::RemotePointEvaluation<dim>> rpe;
    std::unique_ptr<Utilities::MPI::RemotePointEvaluation<dim>> rpe_lateral;
    double                      lateral_depth_um = 0;
    bool                        mesh_changed     = true;
    boost::signals2::connection mesh_signal;
    std::map<std::string, std::unique_ptr<ParsedExpression<dim>>> exact;
  };
} // namespace Fluxion

#endif
